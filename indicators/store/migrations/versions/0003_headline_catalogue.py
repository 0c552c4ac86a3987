"""Third revision: the catalogue as headline indicators with subtypes; observations gain subtype, campaign phase,
period basis, award fields and part_of.

Revision ID: 0003
Revises: 0002

In a store that holds data, the catalogue rows are replaced by the headline catalogue of this revision (frozen below, as data/indicators.csv and
data/subtypes.csv were when it was written); every observation version's old indicator id becomes its headline and
subtype. Dated windows get period_basis 'inferred' and the phase their dates lie in, until a curator reviews them.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from indicators.domain.periods import phase_of

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HEADLINE_COLUMNS = ['indicator', 'title_vi', 'title_en', 'default_subtype', 'default_award_level', 'description']
HEADLINES = [
    ('models_built', 'Mô hình học tập và làm theo Bác', 'Models of studying and following Uncle Ho', 'models_total', '', 'Models (mô hình, cách làm hay, phần việc) built or run under the campaign, and what they reach.'),
    ('exemplars_honoured', 'Điển hình được tuyên dương, khen thưởng', 'Exemplars honoured', 'honours_total', 'event', 'Collectives and individuals honoured or commended as exemplars of studying and following Ho Chi Minh.'),
    ('money_raised', 'Tiền vận động, đóng góp', 'Money raised', 'money_total', '', 'Money mobilised, saved or given under the campaign, in đồng.'),
    ('houses_built', 'Nhà được xây mới, sửa chữa', 'Houses built or repaired', 'houses_total', '', 'Houses built new or repaired for families in need.'),
    ('people_supported', 'Hộ, người được giúp đỡ', 'Households and people supported', 'people_households', '', 'Households and people in difficulty helped, and what they were given.'),
    ('works_built', 'Công trình, phần việc', 'Works and tasks', 'works_total', '', 'Works and tasks carried out (roads, canals, public works) and the labour given.'),
    ('land_donated', 'Đất hiến cho công trình chung', 'Land donated', 'land_area_m2', '', 'Land donated by households for public works.'),
    ('study_participation', 'Học tập, quán triệt', 'Study and dissemination', 'study_cadres_pct', '', "How widely cadres, party members and units took part in studying the directive and Ho Chi Minh's thought."),
    ('action_plans', 'Kế hoạch, cam kết làm theo', 'Plans and commitments', 'plans_people_pct', '', 'Plans issued, and people and units with a personal or unit plan to follow Ho Chi Minh.'),
    ('ethics_standards', 'Chuẩn mực đạo đức', 'Ethics standards', 'ethics_units_pct', '', 'Organisations that drew up and apply professional and public-service ethics standards.'),
    ('dialogue', 'Đối thoại, giải quyết kiến nghị', 'Dialogue with the people', 'dialogue_held', '', 'Dialogues with citizens, opinions collected and cases or petitions resolved.'),
    ('contests', 'Hội thi, cuộc thi về Bác', 'Contests about Uncle Ho', 'contest_entries', '', 'Contests (storytelling, writing) about Ho Chi Minh: entries and prizes.'),
    ('other_results', 'Kết quả khác', 'Other results', 'other_groups', '', 'Results that fit no headline above; listed, never compared.'),
]
SUBTYPE_COLUMNS = ['subtype', 'indicator', 'title_vi', 'title_en', 'unit', 'aggregation', 'annualisable', 'description']
SUBTYPES = [
    ('models_total', 'models_built', 'Số mô hình học tập và làm theo Bác', 'Models of studying and following Uncle Ho built', 'count', 'sum', 'true', 'Number of models (mô hình, phần việc, cách làm) built or set up under Directive 05-CT/TW.'),
    ('models_production', 'models_built', 'Số mô hình sản xuất, kinh tế hợp tác', 'Production and co-operative models', 'count', 'sum', 'false', 'Production models cited as campaign results: large-field and value-chain models, co-operative groups and co-operatives.'),
    ('models_registered', 'models_built', 'Số tập thể, cá nhân đăng ký xây dựng mô hình', 'Registrations to build a model', 'count', 'sum', 'false', 'Collectives and individuals that registered to carry out, or are building, a model of studying and following Ho Chi Minh.'),
    ('models_outstanding', 'models_built', 'Số mô hình tiêu biểu được lựa chọn, tôn vinh', 'Outstanding models selected or honoured', 'count', 'sum', 'false', "Models singled out from a larger pool: rated exemplary, effective and replicable, or selected for a higher level's registration, award or event."),
    ('models_communes', 'models_built', 'Số xã triển khai mô hình', 'Communes where a model runs', 'count', 'sum', 'false', 'Communes in which a model has been set up (with the number of communes as denominator).'),
    ('models_branches', 'models_built', 'Số chi hội, tổ chức cơ sở thực hiện mô hình', 'Branches carrying out models', 'count', 'sum', 'false', 'Branches (chi hội) or grassroots units that carry out models; point-in-time.'),
    ('models_participants', 'models_built', 'Số người tham gia mô hình', 'People taking part in models', 'person', 'sum', 'false', 'People taking part in models; point-in-time.'),
    ('models_participation_pct', 'models_built', 'Tỷ lệ tham gia mô hình', 'Share of members taking part in a model', 'percent', 'none', 'false', 'Share of members, staff or cadres of an organisation who take part in a model.'),
    ('models_units_pct', 'models_built', 'Tỷ lệ tổ chức, cơ quan, đơn vị triển khai mô hình', 'Share of organisations implementing a model', 'percent', 'none', 'false', 'Share of party organisations, agencies and units that carry out a named model.'),
    ('models_area_ha', 'models_built', 'Diện tích mô hình sản xuất', 'Area under production models', 'ha', 'sum', 'false', 'Area in hectares covered by production models.'),
    ('models_collective', 'models_built', 'Số mô hình của tập thể', 'Models built by collectives', 'count', 'sum', 'true', "Models of studying and following Ho Chi Minh built by collectives (agencies, units, party cells), when the text counts them apart from individuals' models."),
    ('models_individual', 'models_built', 'Số mô hình của cá nhân', 'Models built by individuals', 'count', 'sum', 'true', "Models built by individuals (typical individual models), when the text counts them apart from collectives' models."),
    ('honours_individual', 'exemplars_honoured', 'Số cá nhân được khen thưởng', 'Individuals commended', 'person', 'sum', 'true', 'Individuals commended or praised for studying and following Ho Chi Minh.'),
    ('honours_selected', 'exemplars_honoured', 'Số điển hình được lựa chọn, tôn vinh ở cấp trên', 'Exemplars selected for a higher level', 'count', 'sum', 'false', 'Exemplars (collectives or individuals) selected from a larger pool for a higher-level registration, conference, event or publication.'),
    ('honours_total', 'exemplars_honoured', 'Số tập thể, cá nhân điển hình được tuyên dương, khen thưởng', 'Exemplary collectives and individuals honoured', 'count', 'sum', 'true', "Collectives and individuals honoured or commended as exemplars (điển hình, tấm gương; tuyên dương, biểu dương, khen thưởng, tôn vinh), counted together; the text's own total."),
    ('honours_collective', 'exemplars_honoured', 'Số tập thể được khen thưởng', 'Collectives commended', 'count', 'sum', 'true', 'Collectives commended or praised for studying and following Ho Chi Minh.'),
    ('honours_nominated', 'exemplars_honoured', 'Số tập thể, cá nhân, mô hình được đề nghị khen thưởng', 'Nominations for commendation', 'count', 'sum', 'true', 'Collectives, individuals or models nominated or proposed for a commendation, the award not yet confirmed in the text.'),
    ('honours_cell_secretaries', 'exemplars_honoured', 'Số bí thư chi bộ tiêu biểu được tuyên dương', 'Exemplary party-cell secretaries honoured', 'person', 'sum', 'true', 'Party-cell secretaries honoured as exemplary (bí thư chi bộ tiêu biểu).'),
    ('money_total', 'money_raised', 'Số tiền vận động được', 'Money raised', 'vnd', 'sum', 'true', 'Money mobilised (vận động) for a model or movement, in đồng.'),
    ('money_support', 'money_raised', 'Giá trị hỗ trợ, giúp đỡ', 'Value of support given', 'vnd', 'sum', 'true', 'Value in đồng of aid given to people (medicine, support for poor households).'),
    ('money_works_value', 'money_raised', 'Giá trị công trình, phần việc', 'Value of works and tasks', 'vnd', 'sum', 'true', 'Value in đồng of the works and tasks carried out.'),
    ('money_savings_boxes', 'money_raised', 'Số ống heo, hòm tiết kiệm', 'Savings boxes collected', 'count', 'sum', 'true', 'Piggy banks or savings boxes of a thrift model opened or collected.'),
    ('houses_total', 'houses_built', 'Số nhà được hỗ trợ xây mới, sửa chữa', 'Houses built or repaired', 'house', 'sum', 'true', 'Houses built new or repaired for families in need.'),
    ('people_households', 'people_supported', 'Số hộ gia đình được giúp đỡ', 'Households supported', 'household', 'sum', 'true', 'Households in difficulty helped by a model or movement.'),
    ('people_items', 'people_supported', 'Số hiện vật được ủng hộ, trao tặng', 'Items donated', 'count', 'sum', 'true', 'Items (notebooks, books, gift parcels) collected and donated to people in need.'),
    ('people_rice_kg', 'people_supported', 'Số gạo tiết kiệm, quyên góp được', 'Rice saved or collected', 'kg', 'sum', 'true', 'Rice saved or collected by rice-jar and rice-bank models, in kilograms.'),
    ('people_persons', 'people_supported', 'Số người được giúp đỡ', 'People supported', 'person', 'sum', 'true', 'People (pupils, orphans, women or poor people in difficulty) helped by a model, movement or exemplar.'),
    ('people_health_care', 'people_supported', 'Số người được khám, cấp thuốc miễn phí', 'People given free check-ups and medicine', 'person', 'sum', 'true', 'People given free medical check-ups and medicine.'),
    ('works_length_km', 'works_built', 'Chiều dài công trình giao thông, thủy lợi', 'Length of roads and canals built', 'km', 'sum', 'true', 'Length in kilometres of roads, canals and ditches built or repaired.'),
    ('works_workdays', 'works_built', 'Số ngày công đóng góp', 'Workdays contributed', 'workday', 'sum', 'true', 'Workdays of labour contributed to works and tasks.'),
    ('works_total', 'works_built', 'Số công trình, phần việc', 'Works and tasks carried out', 'count', 'sum', 'true', 'Works and tasks (công trình, phần việc) carried out in following Ho Chi Minh.'),
    ('land_area_m2', 'land_donated', 'Diện tích đất hiến', 'Land donated', 'm2', 'sum', 'true', 'Land donated by households for public works such as roads, in square metres.'),
    ('land_households', 'land_donated', 'Số hộ hiến đất', 'Households donating land', 'household', 'sum', 'true', 'Households that donated land for public works (roads, schools).'),
    ('study_cadres_pct', 'study_participation', 'Tỷ lệ cán bộ, đảng viên tham gia học tập', 'Share of cadres and party members attending study', 'percent', 'none', 'false', 'Share of cadres, party members, civil servants and public employees who attended the study sessions.'),
    ('study_units_held', 'study_participation', 'Số đảng bộ tổ chức hội nghị quán triệt, học tập', 'Party organisations that held study conferences', 'count', 'sum', 'false', 'Party organisations (đảng bộ) that held conferences to disseminate and study the directive and topics.'),
    ('study_units_held_pct', 'study_participation', 'Tỷ lệ đơn vị, xã tổ chức hội nghị quán triệt, học tập', 'Share of units or communes that held study conferences', 'percent', 'none', 'false', 'Share of units, communes or party organisations that held conferences to disseminate and study the directive.'),
    ('study_attendance_turns', 'study_participation', 'Số lượt người dự học tập, quán triệt', 'Person-turns attending study sessions', 'person_turn', 'sum', 'true', 'Person-turns (lượt người) attending dissemination and study sessions.'),
    ('study_participants', 'study_participation', 'Số người được học tập, quán triệt', 'People who attended study sessions', 'person', 'sum', 'true', 'Cadres, party members and others who attended study or dissemination sessions (đại biểu, cán bộ, đảng viên tham gia học tập).'),
    ('study_handbooks', 'study_participation', 'Số sổ tay, tài liệu được trao tặng', 'Handbooks distributed', 'count', 'sum', 'true', 'Handbooks or study booklets compiled and given to party members.'),
    ('study_sessions', 'study_participation', 'Số buổi, đợt học tập, quán triệt', 'Study and dissemination sessions held', 'count', 'sum', 'true', 'Sessions, rounds or conferences of study and dissemination held (cuộc triển khai, đợt học tập chuyên đề).'),
    ('plans_followup_units_pct', 'action_plans', 'Tỷ lệ tổ chức đảng có việc, phần việc làm theo Bác', 'Share of party organisations with follow-up tasks', 'percent', 'none', 'false', 'Share of party cells and grassroots party organisations with their own tasks in following Ho Chi Minh.'),
    ('plans_commitments_pct', 'action_plans', 'Tỷ lệ tổ chức đảng tổ chức ký cam kết tu dưỡng, rèn luyện', 'Share of party organisations holding commitment signings', 'percent', 'none', 'false', 'Share of grassroots party organisations that have their cadres and members sign yearly commitments to self-improvement.'),
    ('plans_leaders_pct', 'action_plans', 'Tỷ lệ người đứng đầu xây dựng kế hoạch hành động cá nhân', 'Share of heads with a personal action plan', 'percent', 'none', 'false', 'Share of heads of party committees, authorities and agencies who drew up a personal action plan.'),
    ('plans_units_pct', 'action_plans', 'Tỷ lệ tổ chức đảng, đơn vị xây dựng kế hoạch thực hiện', 'Share of units with an implementation plan', 'percent', 'none', 'false', 'Share of party organisations or units that drew up a plan to implement the directive or conclusion.'),
    ('plans_people', 'action_plans', 'Số người xây dựng kế hoạch làm theo', 'People with a personal plan to follow Ho Chi Minh', 'person', 'sum', 'false', 'Cadres, party members, civil servants and workers who drew up a personal plan to follow Ho Chi Minh.'),
    ('plans_people_pct', 'action_plans', 'Tỷ lệ cán bộ, đảng viên, hội viên xây dựng kế hoạch cá nhân', 'Share of people with a personal plan', 'percent', 'none', 'false', 'Share of cadres, party members, staff or association members who drew up a personal plan or commitment to follow Ho Chi Minh.'),
    ('plans_documents', 'action_plans', 'Số văn bản chỉ đạo, triển khai', 'Guidance documents issued', 'count', 'sum', 'true', 'Documents (văn bản, hướng dẫn, kết luận) issued by party committees to implement the directive or conclusion.'),
    ('plans_count', 'action_plans', 'Số kế hoạch triển khai thực hiện', 'Implementation plans issued', 'count', 'sum', 'false', 'Plans issued by party committees, authorities and mass organisations to implement the directive or conclusion.'),
    ('ethics_units', 'ethics_standards', 'Số tổ chức, cơ quan, đơn vị xây dựng chuẩn mực đạo đức', 'Organisations with ethics standards', 'count', 'sum', 'false', 'Party organisations, agencies and units that drew up and apply professional and public-service ethics standards.'),
    ('ethics_units_pct', 'ethics_standards', 'Tỷ lệ tổ chức, cơ quan, đơn vị xây dựng chuẩn mực đạo đức', 'Share of organisations with ethics standards', 'percent', 'none', 'false', 'Share of party organisations, agencies and units that drew up and apply ethics standards.'),
    ('dialogue_citizens', 'dialogue', 'Số công dân được tiếp xúc, đối thoại', 'Citizens met in dialogue', 'person', 'sum', 'true', 'Citizens met in direct dialogue by party leaders.'),
    ('dialogue_speakers', 'dialogue', 'Số lượt người phát biểu tại đối thoại', 'Person-turns speaking at dialogues', 'person_turn', 'sum', 'true', 'Person-turns of people who spoke at dialogue meetings.'),
    ('dialogue_cases_resolved', 'dialogue', 'Số vụ việc được giải quyết', 'Cases resolved', 'count', 'sum', 'true', 'Cases, complaints or pending matters resolved after dialogue with citizens.'),
    ('dialogue_petitions_resolved_pct', 'dialogue', 'Tỷ lệ yêu cầu, kiến nghị được giải quyết', 'Share of petitions resolved', 'percent', 'none', 'false', "Share of citizens' requests, petitions or cases that were resolved."),
    ('dialogue_participants', 'dialogue', 'Số lượt người tham gia đối thoại', 'Person-turns attending dialogues', 'person_turn', 'sum', 'true', 'Person-turns of cadres and people attending dialogue meetings.'),
    ('dialogue_held', 'dialogue', 'Số cuộc đối thoại với nhân dân', 'Dialogues held with the public', 'count', 'sum', 'true', 'Dialogue meetings between leaders or the Fatherland Front and the people.'),
    ('dialogue_opinions', 'dialogue', 'Số ý kiến đóng góp thu được', 'Opinions collected from the public', 'opinion', 'sum', 'true', 'Opinions and suggestions collected from citizens and agencies (meetings, surveys).'),
    ('dialogue_cadres_sent', 'dialogue', 'Số lượt cán bộ tăng cường về cơ sở', 'Cadre turns sent to the grassroots', 'person_turn', 'sum', 'true', 'Person-turns of cadres sent to communes and towns in working groups.'),
    ('contest_prizes', 'contests', 'Số giải thưởng hội thi', 'Contest prizes awarded', 'count', 'sum', 'true', 'Prizes awarded in contests about Ho Chi Minh.'),
    ('contest_entries', 'contests', 'Số thí sinh, tiết mục dự thi', 'Contest entries', 'count', 'sum', 'true', 'Contestants or entries in contests about Ho Chi Minh (storytelling and the like).'),
    ('other_groups', 'other_results', 'Số tổ, đội công tác được thành lập', 'Teams and groups set up', 'count', 'sum', 'true', 'Teams, groups or task forces (tổ, đội) set up as part of a model or movement.'),
    ('other_poor_households', 'other_results', 'Số hộ nghèo còn lại', 'Poor households remaining', 'household', 'sum', 'false', 'Poor households remaining at a date (with all households as denominator when given).'),
    ('other_crime_tips_acted_on', 'other_results', 'Số tin giúp công an xử lý', 'Crime tips acted on', 'count', 'sum', 'true', 'Tips that helped the police break up crime or social-evil spots.'),
    ('other_crime_tips', 'other_results', 'Số nguồn tin tố giác tội phạm cung cấp', 'Crime tips provided', 'count', 'sum', 'true', 'Tips or pieces of information on crime and social evils given to the police by a model.'),
    ('other_revenue_target_pct', 'other_results', 'Tỷ lệ hoàn thành chỉ tiêu thu', 'Collection as a share of target', 'percent', 'none', 'false', 'Taxes or charity funds collected as a percentage of the target set (may exceed 100).'),
    ('other_resolution_targets', 'other_results', 'Số chỉ tiêu nghị quyết đạt và vượt', 'Resolution targets met', 'count', 'none', 'false', 'Targets of the party congress resolution met or exceeded, with the number of targets as denominator.'),
    ('other_inspections', 'other_results', 'Số cuộc kiểm tra, giám sát chuyên đề', 'Thematic inspections', 'count', 'sum', 'true', 'Thematic inspections or supervisions of the implementation.'),
    ('other_initiatives', 'other_results', 'Số sáng kiến, giải pháp', 'Initiatives and innovations', 'count', 'sum', 'true', 'Initiatives or creative solutions recognised (sáng kiến).'),
]
# Old indicator id → (headline, subtype).
FORMER_IDS = {
    "models_built_count": ('models_built', 'models_total'),
    "production_models_count": ('models_built', 'models_production'),
    "model_registrations_count": ('models_built', 'models_registered'),
    "models_selected_count": ('models_built', 'models_outstanding'),
    "communes_with_model_count": ('models_built', 'models_communes'),
    "model_branches_count": ('models_built', 'models_branches'),
    "model_participants_count": ('models_built', 'models_participants'),
    "model_participation_pct": ('models_built', 'models_participation_pct'),
    "units_implementing_model_pct": ('models_built', 'models_units_pct'),
    "model_area_ha": ('models_built', 'models_area_ha'),
    "exemplars_count": ('exemplars_honoured', 'honours_total'),
    "commendations_collective_and_individual_count": ('exemplars_honoured', 'honours_total'),
    "commendations_collective_count": ('exemplars_honoured', 'honours_collective'),
    "commendations_individual_count": ('exemplars_honoured', 'honours_individual'),
    "exemplars_selected_count": ('exemplars_honoured', 'honours_selected'),
    "commendation_nominations_count": ('exemplars_honoured', 'honours_nominated'),
    "exemplary_cell_secretaries_count": ('exemplars_honoured', 'honours_cell_secretaries'),
    "money_raised_vnd": ('money_raised', 'money_total'),
    "support_value_vnd": ('money_raised', 'money_support'),
    "projects_value_vnd": ('money_raised', 'money_works_value'),
    "savings_boxes_count": ('money_raised', 'money_savings_boxes'),
    "houses_built_count": ('houses_built', 'houses_total'),
    "households_supported_count": ('people_supported', 'people_households'),
    "people_supported_count": ('people_supported', 'people_persons'),
    "people_given_free_health_care_count": ('people_supported', 'people_health_care'),
    "items_donated_count": ('people_supported', 'people_items'),
    "rice_collected_kg": ('people_supported', 'people_rice_kg'),
    "projects_tasks_count": ('works_built', 'works_total'),
    "labour_contributed_workdays": ('works_built', 'works_workdays'),
    "works_length_km": ('works_built', 'works_length_km'),
    "land_donated_m2": ('land_donated', 'land_area_m2'),
    "households_donating_land_count": ('land_donated', 'land_households'),
    "study_participation_pct": ('study_participation', 'study_cadres_pct'),
    "units_held_study_conferences_count": ('study_participation', 'study_units_held'),
    "units_held_study_conferences_pct": ('study_participation', 'study_units_held_pct'),
    "handbooks_distributed_count": ('study_participation', 'study_handbooks'),
    "action_plans_count": ('action_plans', 'plans_count'),
    "people_personal_plan_count": ('action_plans', 'plans_people'),
    "people_personal_plan_pct": ('action_plans', 'plans_people_pct'),
    "leaders_personal_action_plan_pct": ('action_plans', 'plans_leaders_pct'),
    "units_with_implementation_plan_pct": ('action_plans', 'plans_units_pct'),
    "units_with_followup_tasks_pct": ('action_plans', 'plans_followup_units_pct'),
    "units_signing_commitments_pct": ('action_plans', 'plans_commitments_pct'),
    "ethics_standards_units_count": ('ethics_standards', 'ethics_units'),
    "ethics_standards_units_pct": ('ethics_standards', 'ethics_units_pct'),
    "dialogues_held_count": ('dialogue', 'dialogue_held'),
    "dialogue_participants_person_turns": ('dialogue', 'dialogue_participants'),
    "dialogue_speakers_person_turns": ('dialogue', 'dialogue_speakers'),
    "citizens_in_dialogue_count": ('dialogue', 'dialogue_citizens'),
    "cases_resolved_count": ('dialogue', 'dialogue_cases_resolved'),
    "petitions_resolved_pct": ('dialogue', 'dialogue_petitions_resolved_pct'),
    "opinions_collected_count": ('dialogue', 'dialogue_opinions'),
    "cadres_sent_to_grassroots_person_turns": ('dialogue', 'dialogue_cadres_sent'),
    "contest_entries_count": ('contests', 'contest_entries'),
    "contest_prizes_count": ('contests', 'contest_prizes'),
    "crime_tips_provided_count": ('other_results', 'other_crime_tips'),
    "crime_tips_acted_on_count": ('other_results', 'other_crime_tips_acted_on'),
    "revenue_target_achievement_pct": ('other_results', 'other_revenue_target_pct'),
    "resolution_targets_met_count": ('other_results', 'other_resolution_targets'),
    "poor_households_count": ('other_results', 'other_poor_households'),
    "groups_established_count": ('other_results', 'other_groups'),
}
NEW_OBSERVATION_COLUMNS = ["subtype", "period_basis", "phase", "award_type", "awarding_body", "award_level", "part_of"]
OLD_INDICATOR_COLUMNS = ["unit", "aggregation", "comparable_scopes", "annualisable"]


def upgrade() -> None:
    create_versioned_table("subtypes", "subtype", SUBTYPE_COLUMNS)
    with op.batch_alter_table("indicators") as batch:
        for column in OLD_INDICATOR_COLUMNS:
            batch.drop_column(column)
        batch.add_column(sa.Column("default_subtype", sa.Text))
        batch.add_column(sa.Column("default_award_level", sa.Text))
    with op.batch_alter_table("observations") as batch:
        for column in NEW_OBSERVATION_COLUMNS:
            batch.add_column(sa.Column(column, sa.Text))
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM indicators")).scalar_one():  # a store with data: convert it
        replace_catalogue(conn, start_changeset(conn))
        convert_observations(conn)


def create_versioned_table(name: str, key: str, columns: list[str]) -> None:
    op.create_table(
        name,
        sa.Column("row_id", sa.Integer, primary_key=True),
        *[sa.Column(column, sa.Text, nullable=column != key) for column in columns],
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{name}.row_id")),
        sa.Column("superseded_in", sa.Integer, sa.ForeignKey("changesets.changeset_id")),
        sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.changeset_id"), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("change_note", sa.Text, nullable=False),
        sa.UniqueConstraint(key, "version", name=f"uq_{name}_{key}_version"),
    )
    op.create_index(f"uq_{name}_current_{key}", name, [key], unique=True,
                    sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))


def start_changeset(conn) -> dict:
    now = datetime.now(UTC).replace(tzinfo=None)
    note = "migration 0003: the catalogue as headline indicators with subtypes"
    changeset_id = conn.execute(sa.text(
        "INSERT INTO changesets (kind, origin, created_by, created_at, note) "
        "VALUES ('import', 'migration 0003', 'migration', :at, :note) RETURNING changeset_id"),
        {"at": now, "note": note}).scalar_one()
    return {"changeset_id": changeset_id, "created_by": "migration", "created_at": now, "change_note": note}


def replace_catalogue(conn, changeset: dict) -> None:
    """The headline catalogue of this revision as the current rows (the old catalogue's ids are gone)."""
    conn.execute(sa.text("DELETE FROM indicators"))
    for table, columns, rows in (("indicators", HEADLINE_COLUMNS, HEADLINES), ("subtypes", SUBTYPE_COLUMNS, SUBTYPES)):
        names = [*columns, "position", "version", "is_current", *changeset]
        insert = sa.text(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})")
        conn.execute(insert, [{**dict(zip(columns, row, strict=True)), "position": position, "version": 1,
                               "is_current": True, **changeset} for position, row in enumerate(rows)])


def convert_observations(conn) -> None:
    """Each version's old indicator id → headline and subtype; dated windows get a basis and their phase."""
    rows = conn.execute(sa.text("SELECT row_id, indicator, period_start, period_end FROM observations")).all()
    for row_id, indicator, start, end in rows:
        headline, subtype = FORMER_IDS.get(indicator, (indicator, None))
        conn.execute(sa.text("UPDATE observations SET indicator = :indicator, subtype = :subtype, "
                             "period_basis = :basis, phase = :phase WHERE row_id = :row_id"),
                     {"indicator": headline, "subtype": subtype, "basis": "inferred" if end else None,
                      "phase": phase_of(start or "", end or "") or None, "row_id": row_id})


def downgrade() -> None:
    raise NotImplementedError("the old catalogue's indicator ids cannot be restored from headline and subtype")
