"""The provinces' reporting form: an XLSX template of the headline indicators (vn63, or vn34 with a sheet of the
province's communes); a filled form read cell by cell into a publication; `python -m indicators.intake.reporting_form`
writes templates and publishes filled forms.

layout (the form's cells and words) · template (the empty form) · cells (one cell's checks) · reading (a filled form)
· publication (its rows in the store) · cli (the command line).
"""

from indicators.domain.words import AWARD_LEVEL_CHOICES, PHASE_CHOICES, QUALIFIER_CHOICES
from indicators.intake.reporting_form.cells import cell_text
from indicators.intake.reporting_form.layout import (
    COMMUNE_SHEET,
    DATA_SHEET,
    FIRST_COMMUNE_ROW,
    FIRST_DATA_ROW,
    FORM_MARKER,
    GUIDE_SHEET,
    LETTER,
    LISTS_SHEET,
    TEMPLATE_FILE_NAME,
    UNIT_WORDS,
    XLSX_MIME,
    FormError,
    FormProblem,
    FormReading,
    template_file_name,
)
from indicators.intake.reporting_form.publication import earlier_forms, figure_text, publish_form, withdrawn_figures
from indicators.intake.reporting_form.reading import read_filled_form
from indicators.intake.reporting_form.template import build_template, communes_of, province_choices

__all__ = [
    "AWARD_LEVEL_CHOICES", "COMMUNE_SHEET", "DATA_SHEET", "FIRST_COMMUNE_ROW", "FIRST_DATA_ROW", "FORM_MARKER",
    "GUIDE_SHEET", "LETTER", "LISTS_SHEET", "PHASE_CHOICES", "QUALIFIER_CHOICES", "TEMPLATE_FILE_NAME", "UNIT_WORDS",
    "XLSX_MIME", "FormError", "FormProblem", "FormReading", "build_template", "cell_text", "communes_of",
    "earlier_forms", "figure_text", "province_choices", "publish_form", "read_filled_form", "template_file_name",
    "withdrawn_figures",
]
