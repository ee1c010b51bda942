"""One name, one person: every character in the course's data has a name of their own, and
the pages only name characters that the data has.

A character is found in two ways: the fields that name a person (a scenario's `person`, the
ledger's manager, a dialogue's or a listening conversation's speaker), and, in free text, any
capitalised word that is not an ordinary word of the course and not one of the proper nouns
listed below (places, days, authors, tools). A name belongs to one "story" (a scenario, a
dialogue, a listening conversation, the ledger, ...): the same name in two stories is two
people with one name.
"""

from __future__ import annotations

import difflib
import json
import re
from itertools import combinations
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))

# Capitalised words in the data and the pages that are not characters' names.
NOT_NAMES = {
    # days and months
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "March",
    # places, organisations, tools and titles of works
    "England", "Chicago", "York", "Binder", "Jupyter", "Voil", "Handbook", "Outpatients",
    "Dimension", "Leaders", "Leader", "Institute", "Innovation", "Improvement", "University",
    "Center", "Archive", "Archives", "Bulletin", "Journal", "Quarterly", "Review", "Medicine",
    "Psychology", "Science", "Relations", "Behavioral", "Experimental", "Applied", "National",
    "Analysis", "Management", "Kernel", "Outlook", "Google",
    # authors the course cites
    "Aronson", "Willerman", "Floyd", "Edmondson", "Slovic", "Scholtes", "Mayer", "Davis",
    "Schoorman", "Fiske", "Cuddy", "Glick", "Banas", "Vakola", "Karpicke", "Roediger",
    "Kornell", "Pashler", "Sheeran", "Vul", "Wixted", "Rohrer",
    # titles, not names
    "Dr", "Mr", "Mrs", "Ms",
    # words that open a sentence or a heading, or name a menu or a page
    "Oh", "General", "However", "Previous", "Committing", "Reflect", "Reflecting", "Allow",
    "Cells", "Tab", "Load", "Restart", "Return", "Revisit", "Recap", "Welcome", "References",
    "Acknowledgements", "Additional", "According", "Acute", "Administration", "Ambulance",
    "Appraisals", "Honour", "Nervous", "Parrots", "Receptionist", "Seniority", "Sorry", "Treat",
    "Whenever",
}

# Two different people whose names are close in spelling but plainly distinct to a reader.
DISTINCT_NAMES: set[frozenset[str]] = set()

# Free text that talks about a character from another story: (file, story) -> story.
SAME_STORY = {("reflections", "ledger_prediction"): ("ledger", "")}

WORD = re.compile(r"\b[A-Z][a-z]+\b")
ENDINGS = [("s", ""), ("es", ""), ("ies", "y"), ("ly", ""), ("ing", ""), ("ing", "e"), ("ed", ""),
           ("ed", "e"), ("er", ""), ("ers", "")]
YEAR = re.compile(r"\b(19|20)\d\d\b")
TITLES = {"Dr", "Mr", "Mrs", "Ms"}


def _load(name: str):
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _stories() -> dict[tuple[str, str], list[str]]:
    """Every story in the data and the free text it holds."""
    stories: dict[tuple[str, str], list[str]] = {}
    for path in sorted(DATA.glob("*.yaml")):
        name = path.stem
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)
                 and "id" in v[0]] if isinstance(doc, dict) else []
        rest = {k: v for k, v in doc.items() if not any(v is x for x in lists)}
        for items in lists:
            for item in items:
                stories[(name, str(item["id"]))] = list(_strings(item))
        stories.setdefault((name, ""), []).extend(_strings(rest))
    return stories


def _is_name(text: str) -> bool:
    """A speaker or person field names someone when every word is capitalised (Dr Adebayo),
    not when it is a role (Ward manager, the new matron)."""
    words = text.split()
    return bool(words) and all(w[0].isupper() for w in words)


def _named_people() -> list[tuple[str, tuple[str, str]]]:
    """(name, story) from the fields whose job is to name a person."""
    people = []
    for item in _load("scenarios")["scenarios"]:
        people.append((item["person"], ("scenarios", item["id"])))
    people.append((_load("ledger")["manager"]["name"], ("ledger", "")))
    for item in _load("dialogues")["dialogues"]:
        for line in item["lines"]:
            people.append((line["speaker"].split(",")[0].strip(), ("dialogues", item["id"])))
    for item in _load("listening")["listening"]:
        people.append((item["speaker"], ("listening", item["id"])))
    return [(p, s) for p, s in people if _is_name(p)]


def _page_text() -> dict[str, str]:
    texts = {}
    for page in PAGES:
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        texts[page.relative_to(ROOT).as_posix()] = "\n\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return texts


def _ordinary_words() -> set[str]:
    """Words the course uses in lower case somewhere: 'Each' or 'Ward' is not a name."""
    corpus = "\n".join(s for texts in _stories().values() for s in texts)
    corpus += "\n".join(_page_text().values())
    return set(re.findall(r"\b[a-z]+\b", corpus))


def _is_ordinary(word: str, ordinary: set[str]) -> bool:
    lower = word.lower()
    stems = {lower} | {lower[: -len(end)] + add for end, add in ENDINGS if lower.endswith(end)}
    return bool(stems & ordinary)


def _name_words(text: str, ordinary: set[str]) -> set[str]:
    """Capitalised words that are not ordinary words of the course ('Each', 'Partly', 'Ward')
    nor known proper nouns; lines that cite a year are references, and are left out."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not prose
    lines = [line for line in text.splitlines() if not YEAR.search(line)]
    words = WORD.findall("\n".join(lines))
    return {w for w in words if not _is_ordinary(w, ordinary) and w not in NOT_NAMES}


def _names_by_story() -> dict[str, set[tuple[str, str]]]:
    ordinary = _ordinary_words()
    found: dict[str, set[tuple[str, str]]] = {}
    for story, texts in _stories().items():
        story = SAME_STORY.get(story, story)
        for text in texts:
            for word in _name_words(text, ordinary):
                found.setdefault(word, set()).add(story)
    for name, story in _named_people():
        for word in name.split():
            if word not in TITLES:
                found.setdefault(word, set()).add(story)
    return found


def _data_names() -> set[str]:
    return set(_names_by_story())


def test_the_data_has_characters_to_check():
    names = _data_names()
    assert len(names) >= 20, sorted(names)
    assert {"Tomasz", "Priya", "Jo"} <= names


def test_one_name_is_one_person_across_the_data():
    clashes = {name: sorted(f"{f}:{i}" if i else f for f, i in stories)
               for name, stories in _names_by_story().items() if len(stories) > 1}
    assert not clashes, f"one name used for different people: {clashes}"


def test_no_two_characters_have_near_identical_names():
    names = sorted(_data_names())
    close = [(a, b) for a, b in combinations(names, 2)
             if frozenset((a, b)) not in DISTINCT_NAMES
             and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.7]
    assert not close, f"names too alike to tell apart: {close}"


def test_every_name_on_a_page_is_a_character_in_the_data():
    names = _data_names()
    ordinary = _ordinary_words()
    unknown = {page: sorted(_name_words(text, ordinary) - names)
               for page, text in _page_text().items()}
    unknown = {page: words for page, words in unknown.items() if words}
    assert not unknown, ("a page names someone the data does not have (rename it there too, "
                         f"or add a proper noun to NOT_NAMES): {unknown}")


def test_the_model_plan_is_yours_as_the_case_study_says():
    """Exercise 4 makes the learner the change lead on Ward 9; exercise 5's model plan is
    for that same change, so it speaks to the learner too, not to a named someone else."""
    assert _load("case_study")["story"].startswith("You are")
    intro = _load("action_plan")["model_plan"]["intro"]
    assert intro.startswith("You are"), intro
    assert not _name_words(intro, _ordinary_words()), intro


def test_the_pages_check_would_catch_a_stale_name():
    ordinary = _ordinary_words()
    assert "Ayleen" in _name_words("Ask Ayleen how the rota works.", ordinary) - _data_names()


def test_each_scenario_calls_its_person_what_the_story_calls_them():
    """The widgets say 'Place Joanne', so the person field is the name the story uses,
    not a role ('the ward sister') that makes one person two things on one page."""
    for item in _load("scenarios")["scenarios"]:
        person = item["person"]
        assert _is_name(person), f"scenarios.yaml {item['id']}: person {person!r} is not a name"
        surname = person.split()[-1]
        assert re.search(rf"\b{surname}\b", item["story"]), (
            f"scenarios.yaml {item['id']}: the story never calls them {person!r}")


def test_the_model_plan_speaks_to_you_throughout():
    """Its intro and reasons say 'you', so its actions, times and signs of success do too."""
    rows = _load("action_plan")["model_plan"]["rows"]
    for row in rows:
        for field in ("action", "when", "evidence", "why"):
            mine = re.findall(r"\b(I|me|my|myself)\b", row[field])
            assert not mine, f"model_plan {row['behaviour']} {field}: {mine} in {row[field]!r}"
