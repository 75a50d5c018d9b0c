"""exactbridge: an open-source integration platform for Exact Online."""
