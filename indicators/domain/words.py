"""The words of the code lists of indicators/domain/codes.py, defined once: how a value's qualifier and unit read in
a sentence (briefing/formatting.py, the figures' evidence a form publishes) and the reporting form's choices.

The form's choices are part of the form and versioned with it (FORM_VERSION in indicators/intake/reporting_form/):
a filled form is read back by these words, so change one only with a new form version. The screens' labels of the
same codes ("qualifier_exact", "phase_ct05", …) are in briefing/i18n.py; tests/test_i18n_keys.py keeps every code
labelled there.
"""

# A qualifier before its number: 'hơn 532', 'about 6.2 bn VND'.
QUALIFIER_WORDS = {
    "vi": {"exact": "", "at_least": "hơn", "at_most": "tối đa", "approximately": "khoảng"},
    "en": {"exact": "", "at_least": "over", "at_most": "at most", "approximately": "about"},
}

# A unit after its number ('532 người'); a count has no word of its own.
UNIT_WORDS = {
    "vi": {
        "count": "", "person": "người", "person_turn": "lượt người", "household": "hộ", "house": "căn nhà",
        "vnd": "đồng", "percent": "%", "m2": "m²", "ha": "ha", "km": "km", "kg": "kg", "workday": "ngày công",
        "opinion": "ý kiến",
    },
    "en": {
        "count": "", "person": "people", "person_turn": "person-times", "household": "households",
        "house": "houses", "vnd": "VND", "percent": "%", "m2": "m²", "ha": "ha", "km": "km", "kg": "kg",
        "workday": "workdays", "opinion": "opinions",
    },
}

# The reporting form's choices (its lists sheet and the cells that read them).
FORM_UNIT_WORDS = UNIT_WORDS["vi"] | {"count": "số lượng"}  # a column of units needs a word for a count too
QUALIFIER_CHOICES = {"exact": "đúng số", "at_least": "hơn, trên (ít nhất)", "at_most": "tối đa, dưới (nhiều nhất)",
                     "approximately": "khoảng, gần (xấp xỉ)"}
PHASE_CHOICES = {"ct06": "ct06 – Cuộc vận động 2006–2011 (Chỉ thị 06)", "ct03": "ct03 – Chỉ thị 03 (2011–2016)",
                 "ct05": "ct05 – Chỉ thị 05 (2016–2021)", "kl01": "kl01 – Kết luận 01 (từ 18/5/2021)",
                 "ct05_10y": "ct05_10y – 10 năm thực hiện Chỉ thị 05 (2016–2026)"}
AWARD_LEVEL_CHOICES = {"event": "một lễ, hội nghị tuyên dương", "own_level": "cấp tỉnh, cộng dồn cả thời kỳ",
                       "lower_levels": "các cấp dưới (huyện, xã)", "all_levels": "mọi cấp, kể cả cơ sở",
                       "higher_level": "cấp trên (Trung ương, Chính phủ)"}
