"""Names vulture (`make lint`) cannot see being used: the frameworks call or read them, not our code.

Each line marks one name as used; `_` stands for any object. Add a name here only when a framework uses it.
"""

# python-pptx and openpyxl: attributes set on their objects are how the slide and the reporting form are styled.
_.word_wrap  # text frames (briefing/deck.py)
_.auto_size
_.vertical_anchor
_.margin_left
_.margin_right
_.margin_top
_.margin_bottom
_.alignment
_.inherit  # a run's font colour (briefing/deck.py)
_.categories  # native charts (briefing/deck.py)
_.has_title
_.has_legend
_.gap_width
_.has_data_labels
_.has_major_gridlines
_.maximum_scale
_.minimum_scale
_.print_title_rows  # openpyxl worksheets (indicators/intake/reporting_form/template.py)
# openpyxl's sheet parser numbers cells written without an address (indicators/intake/reporting_form/reading.py)
_.col_counter
_.border
_.formatColumns
_.formatRows
_.paperSize
_.fitToHeight
_.fitToWidth
_.fitToPage

# folium: an element's template name and the map's asset lists (emptied: no CDN; briefing/interactive.py).
_._name
_.default_css
_.default_js

# SQLAlchemy: a TypeDecorator's members and the DB-API connection's isolation level (indicators/store/database.py).
_.impl
_.cache_ok
_.process_bind_param
_.process_result_value
_.isolation_level

# Alembic: the revision variables and functions of every file in indicators/store/migrations/versions/.
down_revision
branch_labels
depends_on
downgrade

# pytest: module-level markers and plugins; a fixture asked for by name only for what it starts and stops.
pytestmark
pytest_plugins
exporter  # kaleido's Chromium for the module (tests/test_geo_screenshots.py)
hostile_store  # a store of hostile rows for the test (tests/test_download_safety.py)
