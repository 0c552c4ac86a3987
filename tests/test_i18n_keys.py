"""Every label of briefing/i18n.py is used, every label used exists in both languages, and every code of a list the
screens label has its label (issue 21 §2: unused keys are found by a test, not by a reader).

A key is used when the code writes it as a literal ("kpi_figures"), or builds it from a prefix and a code: the
families below name which codes follow which prefix (f"qualifier_{qualifier}", f"version_{version}", …). Keys of
the other built families (f"why_not_{reason}", f"part_{subtype}", …) are used when their code is a literal in the
code or a subtype or indicator of data/. A new family built another way must be listed here.
"""

import ast
import csv
import re

from briefing.i18n import LABELS
from indicators.domain import codes
from indicators.domain.comparability import WINDOW_KINDS
from indicators.domain.population import RATES
from tests.project_sources import ROOT, parsed, project_modules

I18N_MODULE = "briefing.i18n"
# Prefix → the codes each of which has a label (the screens label every one of them).
CODE_FAMILIES = {
    "qualifier_": codes.QUALIFIERS,
    "unit_": codes.UNITS,
    "phase_": codes.PHASES,
    "phase_short_": codes.PHASES,
    "award_level_": codes.AWARD_LEVELS,
    "org_type_": codes.ORG_TYPES,
    "period_basis_": codes.PERIOD_BASES,
    "award_type_": codes.AWARD_TYPES,  # components/review.py: f"{vocabulary}_{code}" for its choice columns
    "version_": codes.ADMIN_VERSIONS,
    "window_": tuple(WINDOW_KINDS),
    "why_not_window_": tuple(WINDOW_KINDS),  # comparability.py's reason "window_" + the figure's window kind
    "rate_": ("absolute", *RATES, "per10k"),  # briefing/overview.py's rates; the commune page's per10k
    "rate_unit_": (*RATES, "per10k"),
}
# components/refusals.py: f"{error.kind}_{error.code}", the kind of each Refusal class and the codes it raises.
REFUSAL_KINDS = ("read_error", "ingest_error", "form_error", "store")
IDENTIFIER = re.compile(r"[a-z0-9_]+")


def code_literals() -> set[str]:
    """Every string literal of the project's code outside the label catalogue."""
    return {node.value for name, path in project_modules().items() if name != I18N_MODULE
            for node in ast.walk(parsed(path)) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def built_prefixes() -> set[str]:
    """The constant start of every f-string and of every "text" + value in the code: f"why_not_{r}" → 'why_not_'."""
    prefixes = set()
    for path in project_modules().values():
        for node in ast.walk(parsed(path)):
            first = (node.values[0] if isinstance(node, ast.JoinedStr) and node.values else
                     node.left if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) else None)
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and IDENTIFIER.fullmatch(first.value):
                prefixes.add(first.value)
    return prefixes


def data_codes() -> set[str]:
    """The subtypes and indicators of data/: the codes of the per-subtype labels (noun_, part_, …)."""
    with open(ROOT / "data" / "subtypes.csv", encoding="utf-8") as handle:
        return {code for row in csv.DictReader(handle) for code in (row["subtype"], row["indicator"])}


def used(key: str, literals: set[str], prefixes: set[str], codes_of_data: set[str]) -> bool:
    if key in literals:
        return True
    if any(key.startswith(prefix) and key[len(prefix):] in family for prefix, family in CODE_FAMILIES.items()):
        return True
    if any(key.startswith(f"{kind}_") and key[len(kind) + 1:] in literals for kind in REFUSAL_KINDS):
        return True
    return any(key.startswith(prefix) and key[len(prefix):] in literals | codes_of_data for prefix in prefixes)


def test_every_label_is_used():
    literals, prefixes, codes_of_data = code_literals(), built_prefixes(), data_codes()
    # each listed family is still built somewhere (why_not_window_ and award_type_ are built in two steps)
    assert set(CODE_FAMILIES) - {"why_not_window_", "award_type_"} <= prefixes
    unused = sorted(key for key in LABELS["vi"] if not used(key, literals, prefixes, codes_of_data))
    assert unused == []


def test_every_code_of_a_labelled_list_has_its_label_in_both_languages():
    missing = [f"{lang}: {prefix}{code}" for prefix, family in CODE_FAMILIES.items() for code in family
               for lang in LABELS if f"{prefix}{code}" not in LABELS[lang]]
    assert missing == []


def test_every_literal_key_passed_to_translate_exists():
    """translate("…") and has_label("…") with a literal key: the key is in the catalogue (both languages have the same
    keys: tests/test_figures.py)."""
    calls = [(path.relative_to(ROOT), node.lineno, node.args[0].value)
             for path in project_modules().values() for node in ast.walk(parsed(path))
             if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                 "translate", "translate_as_text", "has_label")
             and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)]
    assert len(calls) > 300
    assert [call for call in calls if call[2] not in LABELS["vi"]] == []


def test_the_rules_tell_a_used_key_from_an_unused_one():
    literals, prefixes = {"kpi_figures", "other_scope", "too_large"}, {"why_not_"}
    assert used("kpi_figures", literals, prefixes, set())
    assert used("qualifier_at_least", literals, prefixes, set())
    assert used("why_not_other_scope", literals, prefixes, set())
    assert used("read_error_too_large", literals, prefixes, set())
    assert used("noun_models_total", literals, {"noun_"}, {"models_total"})
    assert not used("kpi_reporting", literals, prefixes, set())
    assert used("award_type_mixed", literals, prefixes, set())
    assert not used("award_type_unknown", literals, prefixes, set())


def test_keys_built_from_two_values_are_the_listed_families():
    """f"{a}_{b}" keys: the refusal kinds (components/refusals.py and its like) and the review's choice columns,
    whose vocabularies must be families above. A new key built this way must be listed here, or its labels would
    look unused."""
    built, vocabularies = set(), set()
    for path in project_modules().values():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(parsed(path)):
            parts = node.values if isinstance(node, ast.JoinedStr) else []
            if len(parts) == 3 and isinstance(parts[0], ast.FormattedValue) and getattr(parts[1], "value", "") == "_":
                built.add(ast.get_source_segment(source, node))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "vocabulary_column":
                vocabularies.add(node.args[1].value)
    assert built == {'f"{error.kind}_{error.code}"', 'f"{vocabulary}_{code}"'}
    assert vocabularies and {f"{vocabulary}_" for vocabulary in vocabularies} <= set(CODE_FAMILIES)
