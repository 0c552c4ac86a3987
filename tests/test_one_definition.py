"""Each code list and each list of place-name prefixes is written once (issue 21 §2): a second definition drifts.

Code lists are the tuples of indicators/domain/codes.py (and the window kinds of comparability.py); their words are
in indicators/domain/words.py (and briefing/i18n.py, as keys). Place prefixes ('Tỉnh', 'Thành phố', 'Xã', …) are in
indicators/domain/names.py, with the functions that strip, lower and abbreviate them. The test reads every project
module with `ast` and fails on a literal elsewhere that repeats them.
"""

import ast
import re
from pathlib import Path

from indicators.domain import codes
from indicators.domain.comparability import WINDOW_KINDS
from indicators.domain.names import ADMIN_PREFIXES, KINDS
from tests.project_sources import ROOT, parsed, project_modules

CODES_FILE = ROOT / "indicators" / "domain" / "codes.py"
WORDS_FILE = ROOT / "indicators" / "domain" / "words.py"
NAMES_FILE = ROOT / "indicators" / "domain" / "names.py"
MIN_ELEMENTS = 3
PREFIX_WORDS = frozenset(prefix.rstrip(".") for prefix in ADMIN_PREFIXES) | set(KINDS)
SNAKE_CASE = re.compile(r"[a-z][a-z0-9_]*")
STRING_METHODS = {"removeprefix", "startswith", "replace", "lstrip", "split", "partition"}


def code_lists() -> dict[str, tuple[Path, frozenset[str]]]:
    """Name → (the module that defines it, its codes), for every list of at least three codes."""
    lists = {name: (CODES_FILE, frozenset(value)) for name, value in vars(codes).items()
             if isinstance(value, tuple) and all(isinstance(v, str) for v in value)}
    lists["WINDOW_KINDS"] = (ROOT / "indicators" / "domain" / "comparability.py", frozenset(WINDOW_KINDS))
    return {name: (home, values) for name, (home, values) in lists.items() if len(values) >= MIN_ELEMENTS}


def strings(nodes) -> list[str] | None:
    """The texts of a literal's elements, or None when one is not a plain string."""
    texts = [node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return texts if len(texts) == len(nodes) else None


def literal_collections(tree: ast.Module):
    """(line, texts, is a words table) of every tuple, list or set of strings, and the keys of every words table: a
    dict keyed by strings whose values are strings, not all identifiers (words, not the codes of another list)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and (texts := strings(node.elts)):
            yield node.lineno, texts, False
        elif isinstance(node, ast.Dict) and None not in node.keys and (texts := strings(node.keys)):
            values = strings(node.values)
            if values is not None and not all(map(SNAKE_CASE.fullmatch, values)):
                yield node.lineno, texts, True


def repeats(texts: list[str], words_table: bool, codes_of_list: frozenset[str]) -> bool:
    """A collection holding ≥ 3 codes of a list and nothing else, or a words table keyed by a whole list."""
    values = frozenset(texts)
    if words_table:
        return values == codes_of_list
    return len(values) >= MIN_ELEMENTS and values <= codes_of_list and len(texts) == len(values)


def repeated_code_lists(path: Path, lists: dict[str, tuple[Path, frozenset[str]]]) -> list[str]:
    found = []
    for line, texts, words_table in literal_collections(parsed(path)):
        found += [f"{path.relative_to(ROOT)}:{line}: {sorted(texts)} repeats {name}"
                  for name, (home, codes_of_list) in lists.items()
                  if path not in (home, WORDS_FILE) and repeats(texts, words_table, codes_of_list)]
    return found


def prefix_word(text: str) -> bool:
    """'Tỉnh', 'thành phố ', 'TP\\.?', 'Thành [Pp]hố': a place prefix however written, in a regex or not."""
    text = re.sub(r"\[(\w)\w\]", r"\1", text.replace("\\.?", "").replace("\\.", ".").replace("\\s+", " "))
    return text.strip().rstrip(".").lower() in PREFIX_WORDS


def repeated_prefix_words(path: Path) -> list[str]:
    """Literals that hold place prefixes outside names.py: two or more in a collection, a regex alternation of
    nothing but prefixes, a prefix with its trailing space, or one a string method strips or tests for."""
    found = []
    tree = parsed(path)
    for line, texts, _ in literal_collections(tree):
        if sum(map(prefix_word, texts)) >= 2:
            found.append(f"{path.relative_to(ROOT)}:{line}: {texts}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            groups = [group.split("|") for group in re.findall(r"\((?:\?:)?([^()]*)\)", node.value)]
            if any(len(group) >= 2 and all(map(prefix_word, group)) for group in groups) or (
                    node.value.endswith(" ") and prefix_word(node.value)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STRING_METHODS
              and any(isinstance(arg, ast.Constant) and isinstance(arg.value, str) and prefix_word(arg.value)
                      for arg in node.args)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}() of a place prefix")
    return found


def test_the_checks_see_a_second_definition():
    """The rules catch the shapes the old code had (UNITS, WHOLE_UNITS and WORDS stood outside codes.py before issue
    21) and pass the tables that map phrases or other codes to codes."""
    lists = {name: values for name, (_, values) in code_lists().items()}
    assert {"UNITS", "QUALIFIERS", "PHASES", "AWARD_LEVELS", "ORG_TYPES", "WINDOW_KINDS"} <= set(lists)
    old = {
        'UNITS = ("count", "person", "person_turn", "household", "house", "vnd", "percent", "m2", "ha", "km", "kg", '
        '"workday", "opinion")': True,
        'WHOLE_UNITS = ("count", "person", "person_turn", "household", "house", "vnd", "opinion")': True,
        'WORDS = {"exact": "", "at_least": "hơn", "at_most": "tối đa", "approximately": "khoảng"}': True,
        'EXTRACTOR = {"at_least": "hơn", "at_most": "dưới", "approximately": "khoảng"}': False,  # phrases → codes
        'CLASSES = {"exact": "a_b", "at_least": "c", "at_most": "d", "approximately": "e"}': False,  # codes → codes
        'RATES = ("", "per100k", "perkm2")': False,
    }
    for source, flagged in old.items():
        found = [name for _, texts, words_table in literal_collections(ast.parse(source))
                 for name, values in lists.items() if repeats(texts, words_table, values)]
        assert bool(found) == flagged, source
    assert all(map(prefix_word, ["Tỉnh ", "thành phố", "TP\\.?", "Thành [Pp]hố", "Đặc khu", "tx."]))
    assert not any(map(prefix_word, ["tỉnh ủy", "Thành", "toàn tỉnh", "Tỉnh, thành phố (mã GSO)"]))


def test_no_code_list_is_written_twice():
    lists = code_lists()
    found = [problem for path in project_modules().values() for problem in repeated_code_lists(path, lists)]
    assert found == []


def test_no_module_but_names_holds_the_place_prefixes():
    found = [problem for path in project_modules().values() if path != NAMES_FILE
             for problem in repeated_prefix_words(path)]
    assert found == []
