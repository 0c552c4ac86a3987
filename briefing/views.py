"""A view's content, computed once: what the page shows is what its image, data file, deck and print footer show.

`build_view_content(view, inputs)` dispatches to one pure function per page (briefing/overview.py, province.py,
compare.py, trends.py, models.py, sources.py). The page lays out and renders the result; the export buttons, the
command-line tools and the deck render the same result. The content's types (ViewContent, Choice, ChoiceReader)
live in briefing/content.py.
"""

from briefing import compare, models, overview, province, sources, trends
from briefing.content import ViewContent, used_sources
from briefing.inputs import ViewInputs
from briefing.links import Notice, View


def build_view_content(view: View, inputs: ViewInputs) -> ViewContent:
    """The content of a view: one pure function per page, the sources its rows cite."""
    builders = {"overview": overview.build_overview, "province": province.build_province,
                "compare": compare.build_compare, "trends": trends.build_trends, "models": models.build_models,
                "sources": sources.build_sources}
    content = builders[view.page.key](view, inputs)
    if inputs.set_aside:
        content.notices.append(Notice("rows_set_aside", "", ", ".join(inputs.set_aside)))
    if content.sources.empty:  # a view that counts its figures without reading them (coverage) names their sources
        content.sources = used_sources(content.obs, content.models, inputs.catalogue)
    return content
