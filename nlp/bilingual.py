"""Welsh beside English in a bilingual paper.

Welsh councils and bodies print the letterhead, the committee's name and the headings in both
languages, Welsh first ("CYNGOR BWRDEISTREF SIROL GLANRHYD" over "GLANRHYD COUNTY BOROUGH
COUNCIL", or "Pwyllgor Cynllunio / Planning Committee" on one line). Metadata wants the English:
a line reads as Welsh when most of its words are words of a council paper's Welsh (council,
committee, minutes, meeting, the services' names, the small words between them).
"""

from __future__ import annotations

import re

# The Welsh of council papers' letterheads, titles and headings (lower case, without accents).
_WELSH = frozenset("""
cyngor cynghorau bwrdeistref sirol sir dinas ddinas tref cymuned cymunedau pwyllgor pwyllgorau is-bwyllgor
cofnodion rhaglen blaenraglen adroddiad adroddiadau cyfarfod cyfarfodydd craffu trosolwg archwilio llywodraethu
safonau cynllunio trwyddedu gweithredol bwrdd aelodau aelod swyddog swyddogion cyllid cyllideb ariannol
corfforaethol gwasanaethau gwasanaeth democrataidd adfywio tai addysg iechyd gofal cymdeithasol amgylchedd
perfformiad blynyddol chwarter chwarterol dyddiad lleoliad amser eitem eitemau ymddiheuriadau datganiadau
buddiant buddiannau penderfyniad penderfyniadau argymhellion arweinydd dirprwy cadeirydd is-gadeirydd maer
awdurdod heddlu tan achub parc cenedlaethol rhanbarth rhanbarthol cymru cymraeg gymraeg iaith tudalen atodiad
strategaeth cynllun adolygiad diweddariad gwaith cyhoeddus cyfansoddiad lles trafnidiaeth priffyrdd gwastraff
hamdden diwylliant treftadaeth ysgolion ysgol dysgu sgiliau tlodi cydraddoldeb moeseg mewnol allanol cronfa
pensiwn pensiynau eiddo asedau cwynion gwybodaeth hysbysiad plant oedolion pobl economi datblygu llawn
arbennig cyffredinol blynyddol risg risgiau rheoli rheolaeth cyfrifon datganiad ymgynghori ymgynghoriad
ac a'r ag y yr o i ar gan am yn ei eu mewn gyda ynghylch ynglyn rhwng dros ein eich
""".split())
# Words that are English too, or too short to tell: they count only beside a Welsh word.
_SHARED = frozenset({"a", "i", "o", "am", "ar", "y", "yn", "ei", "tan", "tai", "parc", "risg"})
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BILINGUAL_SPLIT = re.compile(r"\s+[/|]\s+")


def _plain(word: str) -> str:
    return word.lower().replace("’", "'").translate(str.maketrans("âêîôûŵŷáéíóú", "aeiouwyaeiou"))


def is_welsh(line: str) -> bool:
    """Whether a line (a letterhead, a title, a heading) is written in Welsh."""
    words = [_plain(word) for word in _WORD.findall(line)]
    if not words:
        return False
    welsh = [word for word in words if word in _WELSH]
    marked = any(ch in line for ch in "ŵŷŴŶ")
    distinctive = marked or any(word not in _SHARED for word in welsh)
    return distinctive and 2 * len(welsh) >= len(words)


def english_half(line: str) -> str:
    """The English half of a line set "Welsh / English" (or "English | Welsh"); the line itself
    when it is not such a pair."""
    parts = _BILINGUAL_SPLIT.split(line)
    if len(parts) == 2:
        first, second = (part.strip() for part in parts)
        if is_welsh(first) and not is_welsh(second):
            return second
        if is_welsh(second) and not is_welsh(first):
            return first
    return line
