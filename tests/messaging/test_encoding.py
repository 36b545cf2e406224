"""smsv2.segments and smsv2.to_gsm7: encodings, part counts and boundaries, cross-checked with gsm0338."""

from __future__ import annotations

import math

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import smsv2
from smsv2.encoding import GSM7_BASIC, GSM7_EXTENSION, Encoding, segments, to_gsm7

EXTENSION = "^{}\\[~]|€\f"


def codec_septets(text: str) -> int | None:
    """Septets per the gsm0338 codec (escape bytes included), or None when it can't encode."""
    try:
        return len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def test_public_names() -> None:
    assert smsv2.segments is segments
    assert smsv2.to_gsm7 is to_gsm7
    assert smsv2.Encoding.GSM7.value == "GSM-7"
    assert smsv2.Encoding("UCS-2") is smsv2.Encoding.UCS2
    assert str(Encoding.UCS2) == "UCS-2"


@pytest.mark.parametrize("char", list("éñÖ£¥"))
def test_basic_table_members(char: str) -> None:
    result = segments(char * 160)
    assert (result.encoding, result.parts, result.units) == (Encoding.GSM7, 1, 160)


@pytest.mark.parametrize("char", list("áçê"))
def test_not_in_gsm7(char: str) -> None:
    result = segments(f"ab{char}cd{char}")
    assert result.encoding is Encoding.UCS2
    assert result.non_gsm_characters == (char,)


@pytest.mark.parametrize("char", list(EXTENSION))
def test_extension_characters_cost_two(char: str) -> None:
    assert segments(char).units == 2
    assert segments(char * 80).parts == 1
    assert segments(char * 81).parts == 2


def test_table_agrees_with_gsm0338_codec() -> None:
    # Every BMP character outside the surrogates: GSM-7 exactly when the codec encodes it,
    # at the codec's cost. ESC itself is a control code of the codec, not text.
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or code == 0x1B:
            continue
        char = chr(code)
        expected = codec_septets(char)
        result = segments(char)
        if expected is None:
            assert result.encoding is Encoding.UCS2, repr(char)
        else:
            assert result.encoding is Encoding.GSM7, repr(char)
            assert result.units == expected, repr(char)
    assert len(GSM7_BASIC) + len(GSM7_EXTENSION) == 137


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION), max_size=700))
def test_gsm_units_match_codec(text: str) -> None:
    result = segments(text)
    assert result.encoding is Encoding.GSM7
    assert result.units == codec_septets(text)
    parts = result.split()
    assert "".join(parts) == text
    assert len(parts) == result.parts
    limit = 160 if result.units <= 160 else 153
    assert all(0 < (codec_septets(p) or 0) <= limit for p in parts)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400).filter(lambda t: codec_septets(t) is None))
def test_ucs2_parts_respect_utf16_limits(text: str) -> None:
    result = segments(text)
    assert result.encoding is Encoding.UCS2
    assert result.units == len(text.encode("utf-16-le")) // 2
    parts = result.split()
    assert "".join(parts) == text
    limit = 70 if result.units <= 70 else 67
    assert all(0 < len(p.encode("utf-16-le")) // 2 <= limit for p in parts)
    assert result.parts >= math.ceil(result.units / 67)


@pytest.mark.parametrize(
    ("text", "parts", "units"),
    [
        ("a" * 160, 1, 160),
        ("a" * 161, 2, 161),
        ("a" * 306, 2, 306),
        ("a" * 307, 3, 307),
        ("é" * 70, 1, 70),
        ("á" * 70, 1, 70),
        ("á" * 71, 2, 71),
        ("á" * 134, 2, 134),
        ("á" * 135, 3, 135),
    ],
)
def test_boundaries(text: str, parts: int, units: int) -> None:
    result = segments(text)
    assert (result.parts, result.units) == (parts, units)


def test_escape_pair_is_not_split_across_parts() -> None:
    # 152 septets then "€": the pair would straddle septets 153/154, so it starts part two.
    text = "a" * 152 + "€" + "b" * 10
    result = segments(text)
    assert result.units == 164
    assert result.parts == 2
    first, second = result.split()
    assert first == "a" * 152
    assert second.startswith("€")
    # ceil(units / 153) alone would undercount when escapes keep shifting the boundary:
    shifted = ("a" * 152 + "€") * 2
    assert segments(shifted).units == 308
    assert math.ceil(308 / 153) == 3
    assert segments(shifted).parts == 3


def test_escape_pair_fitting_exactly_stays() -> None:
    text = "a" * 151 + "€" + "b" * 8
    assert segments(text).units == 161
    first, second = segments(text).split()
    assert first == "a" * 151 + "€"
    assert second == "b" * 8


def test_surrogate_pair_is_not_split_across_parts() -> None:
    text = "á" * 66 + "😀" + "x" * 10
    result = segments(text)
    assert result.units == 78
    first, second = result.split()
    assert first == "á" * 66
    assert second.startswith("😀")
    assert segments("😀" * 35).parts == 1
    assert segments("😀" * 36).parts == 2
    assert segments("😀" * 67).parts == 3  # 33 pairs per part, not ceil(134 / 67) == 2


def test_service_maximum() -> None:
    assert not segments("a" * 1530).exceeds_limit
    assert segments("a" * 1530).parts == 10
    assert segments("a" * 1531).exceeds_limit
    assert not segments("á" * 630).exceeds_limit
    assert segments("á" * 631).exceeds_limit
    assert segments("€" * 766).exceeds_limit  # 1,532 septets
    assert segments("a").max_units == 1530
    assert segments("á").max_units == 630


def test_non_gsm_characters_in_order_of_first_appearance() -> None:
    result = segments("ça va? ¿Qué tal? ça 😀 á")
    assert result.non_gsm_characters == ("ç", "😀", "á")
    assert segments("plain").non_gsm_characters == ()


def test_empty_text() -> None:
    result = segments("")
    assert (result.encoding, result.parts, result.units, result.split()) == (
        Encoding.GSM7,
        0,
        0,
        [],
    )


def test_repr_leaves_the_text_out() -> None:
    assert "secret" not in repr(segments("secret code 1234"))
    assert "secret" not in repr(to_gsm7("secret\u2019s code"))


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        segments(b"bytes")  # type: ignore[arg-type]


def test_to_gsm7_reports_every_replacement() -> None:
    text = "\u201cHi\u201d \u2013 it\u2019s\u00a0ready\u2026 \u2018ok\u2019"
    result = to_gsm7(text)
    assert result.text == "\"Hi\" - it's ready... 'ok'"
    assert [(r.original, r.replacement, r.count) for r in result.replacements] == [
        ("\u201c", '"', 1),
        ("\u201d", '"', 1),
        ("\u2013", "-", 1),
        ("\u2019", "'", 2),
        ("\u00a0", " ", 1),
        ("\u2026", "...", 1),
        ("\u2018", "'", 1),
    ]
    assert result.changed
    assert result.is_gsm7
    assert segments(result.text).encoding is Encoding.GSM7


def test_to_gsm7_keeps_what_it_cannot_replace() -> None:
    result = to_gsm7("caf\u00e9 \u00e7a \u2014 \u4f60\u597d")
    assert result.text == "caf\u00e9 \u00e7a - \u4f60\u597d"
    assert result.remaining == ("\u00e7", "\u4f60", "\u597d")
    assert not result.is_gsm7


def test_to_gsm7_unchanged_text() -> None:
    result = to_gsm7("Hello @ 5")
    assert result.text == "Hello @ 5"
    assert not result.changed
    assert result.replacements == ()
