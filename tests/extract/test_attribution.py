"""Cited sources: after cues, before reporting verbs, unnamed sources; en/ar/fa."""

import pytest

from watchfloor.extract.attribution import find_cited_sources
from watchfloor.records import MentionKind

PARAGRAPH = (
    "On November 3, the Al-Shahid Brigade moved more than 200 fighters and several truckloads of "
    "rockets from Iraq into Syria through the Al-Bukamal crossing, according to the opposition site "
    "Deir Now. The same day, the group's commanders held exercises in the desert east of Deir ez-Zor. "
    "Two weeks earlier, a drone strike on its base near Al-Mayadin killed four members."
)


def sources(text, language="en"):
    return [(m.value, m.attr("named"), m.attr("source_type")) for m in find_cited_sources(text, language)]


def test_paragraph_source_is_deir_now():
    found = find_cited_sources(PARAGRAPH, "en")
    assert len(found) == 1
    m = found[0]
    assert (m.kind, m.text, m.value, m.step) == (MentionKind.CITED_SOURCE, "Deir Now", "Deir Now", "attribution@1")
    assert PARAGRAPH[m.start:m.end] == "Deir Now"
    assert m.attr("cue") == "according to" and m.attr("descriptor") == "opposition site"
    assert m.attr("named") is True and m.attr("source_type") == "media"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militias moved north, Reuters reported.", ("Reuters", True, "media")),
        ("The Syrian Observatory for Human Rights said three died.", ("Syrian Observatory for Human Rights", True, "activist")),
        ("The attack was confirmed, citing activists in the town.", ("activists", False, "activist")),
        ("as reported by Al-Mayadeen TV on Friday", ("Al-Mayadeen TV", True, "media")),
        ("Sources told Reuters that the drone was Iranian.", ("Reuters", True, "media")),
        ("Local sources reported clashes.", ("Local sources", False, "anonymous")),
        ("According to a security source, five died.", ("a security source", False, "anonymous")),
        ("Kataib Hezbollah posted on its Telegram channel that it struck the base.", ("Kataib Hezbollah", True, "militia-channel")),
        ("Deir Ezzor 24 reported that the convoy arrived.", ("Deir Ezzor 24", True, "unknown")),
        ("a statement issued by the Iraqi Defence Ministry", ("Iraqi Defence Ministry", True, "official")),
        ("according to the “Eye of Euphrates” website, buses came", ("Eye of Euphrates", True, "media")),
        ("according to the, er, sources", ()),
    ],
)
def test_english_cues(text, expected):
    assert sources(text) == ([expected] if expected else [])


def test_the_website_points_back_to_the_last_named_outlet():
    text = ("On November 3, the Syrian opposition-affiliated website Eye of Euphrates reported that fighters "
            "entered. The website added that a recruitment campaign began.")
    found = find_cited_sources(text, "en")
    assert [(m.text, m.value, m.attr("refers_to")) for m in found] == [
        ("Eye of Euphrates", "Eye of Euphrates", None),
        ("The website", "Eye of Euphrates", "Eye of Euphrates"),
    ]
    assert found[0].attr("descriptor") == "Syrian opposition-affiliated website"


def test_things_that_are_not_sources():
    assert sources("It was reported that fighters moved.") == []
    assert sources("The operatives reported to their base.") == []
    assert sources("The PMU, which announced an alert, moved.") == []


def test_quoted_speech_and_nested_quotes_do_not_crash():
    text = "“We will respond,” the spokesman said. He said “they told us ‘no’ and “left”.” ' \" “"
    found = find_cited_sources(text, "en")
    assert ("the spokesman", False, "official") in [(m.value, m.attr("named"), m.attr("source_type")) for m in found]
    for m in found:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وفقاً لموقع دير ناو، وصل 100 عنصر", ("موقع دير ناو", True, "media")),
        ("بحسب مصادر محلية في دير الزور", ("مصادر محلية", False, "anonymous")),
        ("نقلاً عن وكالة سانا", ("وكالة سانا", True, "media")),
        ("أفادت شبكة دير الزور 24 بأن الرتل وصل", ("شبكة دير الزور 24", True, "media")),
        ("ذكرت وكالة تسنيم أن الهجوم فشل", ("وكالة تسنيم", True, "media")),
        ("قال مصدر أمني إن الهجوم فشل", ("مصدر أمني", False, "anonymous")),
        ("وقال المتحدث باسم الحشد الشعبي إن القوات مستعدة", ("المتحدث باسم الحشد الشعبي", True, "official")),
        ("ذكر موقع «عين الفرات» أن الحافلات وصلت", ("موقع «عين الفرات»", True, "media")),
        ('وفقا لـ"المرصد السوري لحقوق الإنسان" قتل ثلاثة', ('"المرصد السوري لحقوق الإنسان"', True, "activist")),
        ("كما نشرت قناة صابرين نيوز على تلغرام صوراً", ("قناة صابرين نيوز", True, "media")),
        ("ذكر موقع «عين الفرات أن الحافلات وصلت", ("موقع", True, "media")),
    ],
)
def test_arabic_cues(text, expected):
    assert sources(text, "ar") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cue + li + al-: the article's alef is swallowed ("للمرصد" = "ل" + "المرصد")
        ("وفقاً للمرصد السوري لحقوق الإنسان، قتل ثلاثة عناصر", ("المرصد السوري لحقوق الإنسان", True, "activist")),
        ("طبقاً للوكالة الوطنية للإعلام، وصل الرتل", ("الوكالة الوطنية للإعلام", True, "media")),
        ("ووفقاً للمتحدث باسم الجيش فإن الهجوم صُدّ", ("المتحدث باسم الجيش", True, "official")),
        ("استناداً إلى مصادر ميدانية، انسحب الفصيل", ("مصادر ميدانية", False, "anonymous")),
        # "ما" and its verb between the cue and the source
        ("بحسب ما نقلت وكالة شفق نيوز عن مصدر أمني", ("وكالة شفق نيوز", True, "media")),
        ("وفقاً لما أورده موقع صدى الشرقية، وصلت التعزيزات", ("موقع صدى الشرقية", True, "media")),
        ("حسبما أفادت شبكة عين الفرات، دخل الرتل", ("شبكة عين الفرات", True, "media")),
        ("بحسب ما أفاد به مراسل تلفزيون سوريا", ("مراسل تلفزيون سوريا", True, "media")),
    ],
)
def test_arabic_cue_with_preposition_and_article(text, expected):
    [m] = find_cited_sources(text, "ar")
    assert (m.value, m.attr("named"), m.attr("source_type")) == expected
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("أعلنت منظمة بدر استنفار عناصرها في بعقوبة", "منظمة بدر"),
        ("أعلن الحشد الشعبي انطلاق عملية أمنية في صحراء الأنبار", "الحشد الشعبي"),
        ("أعلنت كتائب حزب الله استهداف قاعدة عين الأسد", "كتائب حزب الله"),
        ("ذكرت قيادة العمليات المشتركة اعتقال خمسة مطلوبين", "قيادة العمليات المشتركة"),
        ("أكدت وزارة الدفاع إسقاط طائرة مسيرة", "وزارة الدفاع"),
        ("أعلنت حركة النجباء رفع جاهزية مقاتليها", "حركة النجباء"),
        ("أعلن لواء فاطميون نقل مقاتليه إلى تدمر", "لواء فاطميون"),
        # a verbal noun inside the name stays: it comes right after the name's head
        ("أعلنت هيئة تحرير الشام انسحاب عناصرها من المنطقة", "هيئة تحرير الشام"),
        # a word shaped like a verbal noun after an indefinite word is part of the name
        ("قال وزير خارجية إيران إن الرد قادم", "وزير خارجية إيران"),
    ],
)
def test_arabic_speaker_name_stops_where_the_announcement_begins(text, speaker):
    assert [m.value for m in find_cited_sources(text, "ar")] == [speaker]


def test_arabic_outlet_cited_for_a_speakers_announcement():
    """"X announced ..., according to outlet Y": Y is the source, quoting X; a new sentence starts afresh."""
    found = find_cited_sources("أكد الحرس الثوري إرسال مستشارين إلى دمشق، بحسب وكالة تسنيم.", "ar")
    assert [(m.value, m.attr("quoting")) for m in found] == [("وكالة تسنيم", "الحرس الثوري")]
    found = find_cited_sources("أعلنت منظمة بدر استنفار عناصرها. وبحسب شفق نيوز فإن الاستنفار شمل ديالى.", "ar")
    assert [(m.value, m.attr("quoting")) for m in found] == [("منظمة بدر", None), ("شفق نيوز", None)]


def test_arabic_verbs_without_a_source():
    assert sources("ذكر أن الهجوم فشل", "ar") == []
    assert sources("نشر الحشد قواته على الحدود", "ar") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("به گزارش خبرگزاری تسنیم، نیروها رسیدند.", ("خبرگزاری تسنیم", True, "media")),
        ("به نقل از منابع محلی در سوریه", ("منابع محلی", False, "anonymous")),
        ("طبق گزارش رویترز، حمله شد.", ("رویترز", True, "media")),
    ],
)
def test_farsi_cues(text, expected):
    assert sources(text, "fa") == [expected]


def test_empty_unsupported_and_large_text():
    assert find_cited_sources("", "en") == []
    assert find_cited_sources("Selon Reuters, trois morts.", "fr") == []
    text = (PARAGRAPH + "\n") * (1_000_000 // (len(PARAGRAPH) + 1))
    assert len(find_cited_sources(text, "en")) == text.count("\n")


def test_seed_report(shared_dir):
    text = (shared_dir / "corpus/seed/pmu-syria-2023-11-05.txt").read_text(encoding="utf-8")
    found = find_cited_sources(text, "en")
    values = {m.value for m in found}
    assert {"Eye of Euphrates", "Ja’far Al-Tayyar Brigades"} <= values
    telegram = next(m for m in found if m.value == "Ja’far Al-Tayyar Brigades")
    assert telegram.attr("channel") == "telegram" and telegram.attr("source_type") == "militia-channel"
