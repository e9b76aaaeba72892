"""Sealing and key shares: sealed ballots open only with the key, all look alike in size, and
any k of n shares rebuild the key while a wrong share is named."""

from __future__ import annotations

import itertools

import pytest

from ballots.box import sealing

KEYS = [f"P{n:02d}" for n in range(1, 11)]


def _sealed(public: str, choices: str, tracker: str = "ABCDE-FGHIJ") -> str:
    payload = sealing.Payload(choices=choices, tracker=tracker, channel="online")
    plain = sealing.encode(payload, sealing.pad_size(KEYS))
    return sealing.sealed_text(sealing.seal(bytes.fromhex(public), plain))


def test_a_sealed_ballot_opens_with_its_key_only_and_hides_its_length() -> None:
    """The key opens it to the same payload; another key does not; sizes do not differ."""
    private, public = sealing.new_key()
    small = _sealed(public, '{"projects":["P01"]}')
    large = _sealed(public, '{"projects":["P01","P02","P03","P04","P05"]}')
    assert len(small) == len(large)
    assert '"projects"' not in small
    opened = sealing.opener(private)(large)
    assert opened == sealing.Payload(
        '{"projects":["P01","P02","P03","P04","P05"]}', "ABCDE-FGHIJ", "online"
    )
    other, _public = sealing.new_key()
    with pytest.raises(sealing.SealError):
        sealing.opener(other)(small)


def test_any_two_of_three_shares_rebuild_the_key_and_one_does_not() -> None:
    """Every pair works; a single share is refused as too few."""
    private, _public = sealing.new_key()
    shares = sealing.split(private, 2, 3)
    commitments = [sealing.commitment(7, share) for share in shares]
    for pair in itertools.combinations(shares, 2):
        assert sealing.combine(7, list(pair), commitments, 2) == private
    with pytest.raises(sealing.ShareError) as refused:
        sealing.combine(7, shares[:1], commitments, 2)
    assert refused.value.reason.startswith("missing")


def test_a_wrong_share_is_named_by_position_and_reason() -> None:
    """Another round's share, a changed word and a repeat are each named."""
    private, _public = sealing.new_key()
    shares = sealing.split(private, 2, 3)
    commitments = [sealing.commitment(7, share) for share in shares]
    foreign = sealing.split(sealing.new_key()[0], 2, 3)[0]
    with pytest.raises(sealing.ShareError) as wrong:
        sealing.combine(7, [shares[0], foreign], commitments, 2)
    assert (wrong.value.position, wrong.value.reason) == (2, "not one of this round's shares")
    with pytest.raises(sealing.ShareError) as same_round_other_number:
        sealing.combine(8, shares[:2], commitments, 2)
    assert same_round_other_number.value.position == 1
    words = shares[1].split()
    words[7] = "acid" if words[7] != "acid" else "academic"
    with pytest.raises(sealing.ShareError) as typo:
        sealing.combine(7, [shares[0], " ".join(words)], commitments, 2)
    assert typo.value.position == 2 and "valid" in typo.value.reason
    with pytest.raises(sealing.ShareError) as twice:
        sealing.combine(7, [shares[0], shares[0].upper()], commitments, 2)
    assert twice.value.reason == "the same share was entered twice"


def test_demo_shares_are_the_same_on_every_run() -> None:
    """A seed gives the same key and shares (what the README prints); no seed never does."""
    seed = b"wijkstem-demo:Test"
    key = sealing.demo_key(seed)
    assert sealing.split(key, 2, 3, seed) == sealing.split(key, 2, 3, seed)
    assert sealing.split(key, 2, 3) != sealing.split(key, 2, 3)
