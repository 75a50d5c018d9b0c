"""Token keys: encrypt with the newest, decrypt with any, rotate onto the newest."""

from __future__ import annotations

import pytest

from exactbridge.errors import ConfigurationError
from exactbridge.store.crypto import TokenCipher, parse_keys

OLD, NEW = TokenCipher.generate_key(), TokenCipher.generate_key()
SECRET = b'{"refresh_token": "stands-for-the-users-consent"}'


def test_ciphertext_hides_the_plaintext_and_opens_again() -> None:
    cipher = TokenCipher([NEW])
    sealed = cipher.encrypt(SECRET)
    assert b"consent" not in sealed.encode() and sealed != cipher.encrypt(SECRET)  # random IV
    assert cipher.decrypt(sealed) == SECRET


def test_a_new_key_in_front_still_opens_tokens_of_the_old_one() -> None:
    sealed_with_old = TokenCipher([OLD]).encrypt(SECRET)
    both = TokenCipher([NEW, OLD])
    assert both.decrypt(sealed_with_old) == SECRET
    assert not both.is_current(sealed_with_old)
    assert both.is_current(both.encrypt(SECRET))  # new tokens use the newest key


def test_rotate_moves_a_token_onto_the_newest_key_so_the_old_key_can_go() -> None:
    sealed_with_old = TokenCipher([OLD]).encrypt(SECRET)
    rotated = TokenCipher([NEW, OLD]).rotate(sealed_with_old)
    only_new = TokenCipher([NEW])
    assert only_new.decrypt(rotated) == SECRET
    with pytest.raises(ConfigurationError, match="cannot be decrypted"):
        only_new.decrypt(sealed_with_old)


def test_a_token_no_key_opens_is_refused_on_rotate_and_on_decrypt() -> None:
    stranger = TokenCipher([TokenCipher.generate_key()]).encrypt(SECRET)
    cipher = TokenCipher([NEW, OLD])
    with pytest.raises(ConfigurationError):
        cipher.rotate(stranger)
    with pytest.raises(ConfigurationError):
        cipher.decrypt(stranger[:-4] + "AAAA")  # tampered


def test_keys_are_checked_and_never_shown() -> None:
    with pytest.raises(ConfigurationError, match="no token key"):
        TokenCipher([])
    with pytest.raises(ConfigurationError, match="token key 2 of 2") as bad:
        TokenCipher([NEW, "not-a-key"])
    assert "not-a-key" not in str(bad.value)
    cipher = TokenCipher([NEW, OLD])
    assert NEW not in repr(cipher) and repr(cipher) == "TokenCipher(2 keys)"


def test_the_environment_list_is_comma_separated_newest_first() -> None:
    assert parse_keys(f" {NEW} ,{OLD},, ") == [NEW, OLD]
    assert parse_keys("") == []
