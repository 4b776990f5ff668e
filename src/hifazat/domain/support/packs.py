"""Keyword packs a safety plan can add to a creator's keyword list in one click.

Small, deliberately: the detector already covers the lexicons; a pack holds for review the
phrases that are harmless alone but are how a pile-on or a doxxing attempt starts."""

from __future__ import annotations

KEYWORD_PACKS: dict[str, tuple[str, ...]] = {
    "harassment": (
        "kutta",
        "ullu ka patha",
        "besharam",
        "ghatiya",
        "بے غیرت",
        "گھٹیا",
        "loser",
        "unfollow karo",
    ),
    "sexual_harassment": (
        "pics bhejo",
        "video call karo",
        "number do",
        "send nudes",
        "rate",
        "بے حیا",
        "تصویریں بھیجو",
    ),
    "doxxing": (
        "ghar ka pata",
        "address",
        "location",
        "cnic",
        "گھر کا پتہ",
        "شناختی کارڈ",
        "where do you live",
    ),
    "hate": (
        "kafir",
        "gaddar",
        "کافر",
        "غدار",
        "traitor",
    ),
    "threat": (
        "dekh lenge",
        "bach ke rehna",
        "دیکھ لیں گے",
        "بچ کے رہنا",
        "we know where",
    ),
}
