"""The `exactbridge` command line."""
