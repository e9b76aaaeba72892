"""Voting codes, receipts, tokens and the signed voting pass."""

from __future__ import annotations

import math
import re

from ballots.box import codes, passes

KEY = "unit-test-secret-key-0123456789abcdef"


def test_codes_are_grouped_from_an_unconfusable_alphabet() -> None:
    """A code looks like K7Q4-MX2P-9HTD: three groups of four, no 0/O/1/I."""
    for _ in range(200):
        code = codes.generate()
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    assert not set("01OI") & set(codes.ALPHABET)


def test_codes_carry_at_least_sixty_bits() -> None:
    """Entropy = length x log2(alphabet) >= 60, and codes do not repeat."""
    assert codes.CODE_LENGTH * math.log2(len(set(codes.ALPHABET))) >= 60
    assert len({codes.generate() for _ in range(5000)}) == 5000


def test_normalise_ignores_case_and_separators() -> None:
    """Lower case, spaces and dashes are accepted; wrong length or characters are not."""
    assert codes.normalise(" k7q4 mx2p-9htd ") == "K7Q4MX2P9HTD"
    assert codes.normalise("K7Q4-MX2P-9HT") is None
    assert codes.normalise("K7Q4-MX2P-9HT0") is None
    assert codes.display("K7Q4MX2P9HTD") == "K7Q4-MX2P-9HTD"


def test_keyed_hashes_depend_on_key_and_purpose() -> None:
    """The stored hash is an HMAC: another key or purpose gives another value."""
    hashed = codes.code_hash(KEY, "K7Q4MX2P9HTD")
    assert len(hashed) == 64 and hashed == codes.code_hash(KEY, "K7Q4MX2P9HTD")
    assert hashed != codes.code_hash(KEY + "x", "K7Q4MX2P9HTD")
    assert codes.voter_key_for_code(KEY, hashed) != hashed
    assert codes.voter_key_for_user(KEY, 7) != codes.voter_key_for_user(KEY, 8)


def test_receipts_and_tokens() -> None:
    """Receipts are 10 characters in two groups; tokens are bound to their voter."""
    receipt = codes.new_receipt()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", receipt)
    assert codes.normalise_receipt(receipt.lower().replace("-", "")) == receipt
    token = codes.new_replacement_token()
    assert codes.token_hash(KEY, "a", token) == codes.token_hash(KEY, "a", token.lower())
    assert codes.token_hash(KEY, "a", token) != codes.token_hash(KEY, "b", token)
    assert len(codes.new_ballot_id()) == 32


def test_pass_round_trip_and_refusals() -> None:
    """A signed pass reads back; altered, expired or foreign passes do not."""
    voting_pass = passes.VotingPass(3, "ab" * 32, "")
    value = passes.sign(KEY, voting_pass, now_unix=1000)
    assert passes.read(KEY, value, 3, now_unix=1001) == voting_pass
    assert passes.read(KEY, value, 4, now_unix=1001) is None
    assert passes.read(KEY, value, 3, now_unix=1000 + passes.LIFETIME_SECONDS + 1) is None
    assert passes.read(KEY + "x", value, 3, now_unix=1001) is None
    assert passes.read(KEY, value.replace("ab", "ac", 1), 3, now_unix=1001) is None
    assert passes.read(KEY, "garbage", 3, now_unix=1001) is None
