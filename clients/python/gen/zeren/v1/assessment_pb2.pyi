from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import common_pb2 as _common_pb2
from zeren.v1 import framework_pb2 as _framework_pb2
from zeren.v1 import lists_pb2 as _lists_pb2
from zeren.v1 import responsibility_pb2 as _responsibility_pb2
from zeren.v1 import structure_pb2 as _structure_pb2
from zeren.v1 import supervision_pb2 as _supervision_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ACCOUNTABILITY_MEASURE_ADMONITION: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_ADMONITORY_TALK: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_CIRCULAR: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_DISCIPLINARY_ACTION: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_INSPECTION: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_ORGANIZATIONAL_ADJUSTMENT: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_OTHER: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_REMINDER_TALK: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_REORGANIZATION: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_UNSPECIFIED: AccountabilityMeasure
ACCOUNTABILITY_MEASURE_WRITTEN_INQUIRY: AccountabilityMeasure
DESCRIPTOR: _descriptor.FileDescriptor
MEASURE_BASIS_ACCOUNTABILITY: MeasureBasis
MEASURE_BASIS_FIRST_FORM: MeasureBasis
MEASURE_BASIS_OTHER: MeasureBasis
MEASURE_BASIS_UNSPECIFIED: MeasureBasis
NO_DATA_POLICY_EXCLUDE: NoDataPolicy
NO_DATA_POLICY_FAIL_UNIT: NoDataPolicy
NO_DATA_POLICY_FULL_MARKS: NoDataPolicy
NO_DATA_POLICY_UNSPECIFIED: NoDataPolicy
NO_DATA_POLICY_ZERO: NoDataPolicy
PROPOSAL_STATUS_CONFIRMED: ProposalStatus
PROPOSAL_STATUS_PROPOSED: ProposalStatus
PROPOSAL_STATUS_REJECTED: ProposalStatus
PROPOSAL_STATUS_UNSPECIFIED: ProposalStatus
PROPOSAL_STATUS_WITHDRAWN: ProposalStatus
PROPOSAL_TARGET_ORGANIZATION: ProposalTarget
PROPOSAL_TARGET_PERSON: ProposalTarget
PROPOSAL_TARGET_UNSPECIFIED: ProposalTarget
REVIEW_CHOICE_AVERAGE: ReviewChoice
REVIEW_CHOICE_FAIRLY_GOOD: ReviewChoice
REVIEW_CHOICE_GOOD: ReviewChoice
REVIEW_CHOICE_POOR: ReviewChoice
REVIEW_CHOICE_UNSPECIFIED: ReviewChoice
REVIEW_KIND_ANNUAL: ReviewKind
REVIEW_KIND_SPECIAL: ReviewKind
REVIEW_KIND_UNSPECIFIED: ReviewKind
SCORE_ROUNDING_DOWN: ScoreRounding
SCORE_ROUNDING_HALF_EVEN: ScoreRounding
SCORE_ROUNDING_HALF_UP: ScoreRounding
SCORE_ROUNDING_UNSPECIFIED: ScoreRounding
TIE_RULE_ID: TieRule
TIE_RULE_REVIEW_THEN_ID: TieRule
TIE_RULE_SHARED: TieRule
TIE_RULE_UNSPECIFIED: TieRule
TRIGGER_SCOPE_CASE: TriggerScope
TRIGGER_SCOPE_FINDING: TriggerScope
TRIGGER_SCOPE_PERIOD: TriggerScope
TRIGGER_SCOPE_UNSPECIFIED: TriggerScope
VETO_ACTION_CAP_GRADE: VetoAction
VETO_ACTION_FORCE_GRADE: VetoAction
VETO_ACTION_UNSPECIFIED: VetoAction
VETO_RANKING_APART: VetoRanking
VETO_RANKING_BY_GRADE: VetoRanking
VETO_RANKING_UNSPECIFIED: VetoRanking

class Adjustment(_message.Message):
    __slots__ = ["cap", "description", "formula", "id", "modifiers", "name"]
    CAP_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FORMULA_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MODIFIERS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    cap: float
    description: str
    formula: str
    id: str
    modifiers: _containers.RepeatedCompositeFieldContainer[Modifier]
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., formula: _Optional[str] = ..., cap: _Optional[float] = ..., modifiers: _Optional[_Iterable[_Union[Modifier, _Mapping]]] = ..., description: _Optional[str] = ...) -> None: ...

class Ballot(_message.Message):
    __slots__ = ["choice", "count", "rater_group_id"]
    CHOICE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    RATER_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    choice: ReviewChoice
    count: int
    rater_group_id: str
    def __init__(self, rater_group_id: _Optional[str] = ..., choice: _Optional[_Union[ReviewChoice, str]] = ..., count: _Optional[int] = ...) -> None: ...

class ChoiceScore(_message.Message):
    __slots__ = ["choice", "score"]
    CHOICE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    choice: ReviewChoice
    score: float
    def __init__(self, choice: _Optional[_Union[ReviewChoice, str]] = ..., score: _Optional[float] = ...) -> None: ...

class Diagnostic(_message.Message):
    __slots__ = ["column", "evaluator", "line", "message", "message_zh", "rule_id"]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    EVALUATOR_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ZH_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    column: int
    evaluator: str
    line: int
    message: str
    message_zh: str
    rule_id: str
    def __init__(self, rule_id: _Optional[str] = ..., line: _Optional[int] = ..., column: _Optional[int] = ..., message: _Optional[str] = ..., message_zh: _Optional[str] = ..., evaluator: _Optional[str] = ...) -> None: ...

class FactSet(_message.Message):
    __slots__ = ["facts"]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    facts: _containers.RepeatedCompositeFieldContainer[UnitFacts]
    def __init__(self, facts: _Optional[_Iterable[_Union[UnitFacts, _Mapping]]] = ...) -> None: ...

class Grade(_message.Message):
    __slots__ = ["id", "min_score", "name", "quota_percent"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MIN_SCORE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUOTA_PERCENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    min_score: float
    name: str
    quota_percent: float
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., min_score: _Optional[float] = ..., quota_percent: _Optional[float] = ...) -> None: ...

class GradeScale(_message.Message):
    __slots__ = ["grades", "id", "name", "tie_rule", "veto_ranking"]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIE_RULE_FIELD_NUMBER: _ClassVar[int]
    VETO_RANKING_FIELD_NUMBER: _ClassVar[int]
    grades: _containers.RepeatedCompositeFieldContainer[Grade]
    id: str
    name: str
    tie_rule: TieRule
    veto_ranking: VetoRanking
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., grades: _Optional[_Iterable[_Union[Grade, _Mapping]]] = ..., tie_rule: _Optional[_Union[TieRule, str]] = ..., veto_ranking: _Optional[_Union[VetoRanking, str]] = ...) -> None: ...

class Indicator(_message.Message):
    __slots__ = ["children", "description", "dimension", "formula", "id", "max_points", "name", "no_data", "points_formula", "weight"]
    CHILDREN_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    FORMULA_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MAX_POINTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NO_DATA_FIELD_NUMBER: _ClassVar[int]
    POINTS_FORMULA_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    children: _containers.RepeatedCompositeFieldContainer[Indicator]
    description: str
    dimension: _common_pb2.Dimension
    formula: str
    id: str
    max_points: float
    name: str
    no_data: NoDataPolicy
    points_formula: bool
    weight: float
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., max_points: _Optional[float] = ..., weight: _Optional[float] = ..., formula: _Optional[str] = ..., points_formula: bool = ..., children: _Optional[_Iterable[_Union[Indicator, _Mapping]]] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., description: _Optional[str] = ..., no_data: _Optional[_Union[NoDataPolicy, str]] = ...) -> None: ...

class IndicatorResult(_message.Message):
    __slots__ = ["children", "diagnostic", "evaluator", "excluded", "formula", "indicator_id", "inputs", "max_points", "name", "no_data", "points", "value"]
    CHILDREN_FIELD_NUMBER: _ClassVar[int]
    DIAGNOSTIC_FIELD_NUMBER: _ClassVar[int]
    EVALUATOR_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    FORMULA_FIELD_NUMBER: _ClassVar[int]
    INDICATOR_ID_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    MAX_POINTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NO_DATA_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    children: _containers.RepeatedCompositeFieldContainer[IndicatorResult]
    diagnostic: Diagnostic
    evaluator: str
    excluded: bool
    formula: str
    indicator_id: str
    inputs: _containers.RepeatedCompositeFieldContainer[Input]
    max_points: str
    name: str
    no_data: bool
    points: str
    value: float
    def __init__(self, indicator_id: _Optional[str] = ..., name: _Optional[str] = ..., formula: _Optional[str] = ..., value: _Optional[float] = ..., points: _Optional[str] = ..., max_points: _Optional[str] = ..., inputs: _Optional[_Iterable[_Union[Input, _Mapping]]] = ..., children: _Optional[_Iterable[_Union[IndicatorResult, _Mapping]]] = ..., diagnostic: _Optional[_Union[Diagnostic, _Mapping]] = ..., no_data: bool = ..., excluded: bool = ..., evaluator: _Optional[str] = ...) -> None: ...

class IndicatorSystem(_message.Message):
    __slots__ = ["bonuses", "deductions", "grade_scale", "id", "indicators", "max_score", "name", "plan_id", "plan_year", "precision", "review", "rounding", "version", "vetoes"]
    BONUSES_FIELD_NUMBER: _ClassVar[int]
    DEDUCTIONS_FIELD_NUMBER: _ClassVar[int]
    GRADE_SCALE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INDICATORS_FIELD_NUMBER: _ClassVar[int]
    MAX_SCORE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    PLAN_YEAR_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    VETOES_FIELD_NUMBER: _ClassVar[int]
    bonuses: _containers.RepeatedCompositeFieldContainer[Adjustment]
    deductions: _containers.RepeatedCompositeFieldContainer[Adjustment]
    grade_scale: GradeScale
    id: str
    indicators: _containers.RepeatedCompositeFieldContainer[Indicator]
    max_score: float
    name: str
    plan_id: str
    plan_year: int
    precision: int
    review: ReviewScheme
    rounding: ScoreRounding
    version: str
    vetoes: _containers.RepeatedCompositeFieldContainer[Veto]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., indicators: _Optional[_Iterable[_Union[Indicator, _Mapping]]] = ..., bonuses: _Optional[_Iterable[_Union[Adjustment, _Mapping]]] = ..., deductions: _Optional[_Iterable[_Union[Adjustment, _Mapping]]] = ..., vetoes: _Optional[_Iterable[_Union[Veto, _Mapping]]] = ..., grade_scale: _Optional[_Union[GradeScale, _Mapping]] = ..., review: _Optional[_Union[ReviewScheme, _Mapping]] = ..., precision: _Optional[int] = ..., rounding: _Optional[_Union[ScoreRounding, str]] = ..., max_score: _Optional[float] = ..., plan_id: _Optional[str] = ..., plan_year: _Optional[int] = ...) -> None: ...

class Input(_message.Message):
    __slots__ = ["path", "value"]
    PATH_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    path: str
    value: str
    def __init__(self, path: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class Modifier(_message.Message):
    __slots__ = ["condition", "factor", "name"]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    FACTOR_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    condition: str
    factor: float
    name: str
    def __init__(self, name: _Optional[str] = ..., condition: _Optional[str] = ..., factor: _Optional[float] = ...) -> None: ...

class Proposal(_message.Message):
    __slots__ = ["custom_measure", "decided_at", "decided_by", "evidence", "failure_at", "id", "liability", "measure", "measure_basis", "measure_citation", "note", "organization_id", "period", "status", "subject_id", "tenures", "trigger_id", "unit_id"]
    CUSTOM_MEASURE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LIABILITY_FIELD_NUMBER: _ClassVar[int]
    MEASURE_BASIS_FIELD_NUMBER: _ClassVar[int]
    MEASURE_CITATION_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    TENURES_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    custom_measure: str
    decided_at: _timestamp_pb2.Timestamp
    decided_by: str
    evidence: _containers.RepeatedCompositeFieldContainer[Input]
    failure_at: _timestamp_pb2.Timestamp
    id: str
    liability: _responsibility_pb2.Liability
    measure: AccountabilityMeasure
    measure_basis: MeasureBasis
    measure_citation: str
    note: str
    organization_id: str
    period: _common_pb2.Period
    status: ProposalStatus
    subject_id: str
    tenures: _containers.RepeatedCompositeFieldContainer[_responsibility_pb2.Tenure]
    trigger_id: str
    unit_id: str
    def __init__(self, id: _Optional[str] = ..., trigger_id: _Optional[str] = ..., unit_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., measure: _Optional[_Union[AccountabilityMeasure, str]] = ..., custom_measure: _Optional[str] = ..., organization_id: _Optional[str] = ..., liability: _Optional[_Union[_responsibility_pb2.Liability, _Mapping]] = ..., evidence: _Optional[_Iterable[_Union[Input, _Mapping]]] = ..., status: _Optional[_Union[ProposalStatus, str]] = ..., decided_by: _Optional[str] = ..., decided_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., tenures: _Optional[_Iterable[_Union[_responsibility_pb2.Tenure, _Mapping]]] = ..., failure_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., measure_basis: _Optional[_Union[MeasureBasis, str]] = ..., measure_citation: _Optional[str] = ..., subject_id: _Optional[str] = ...) -> None: ...

class Provenance(_message.Message):
    __slots__ = ["engine", "environment", "facts_digest", "rules_digest"]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    FACTS_DIGEST_FIELD_NUMBER: _ClassVar[int]
    RULES_DIGEST_FIELD_NUMBER: _ClassVar[int]
    engine: str
    environment: str
    facts_digest: str
    rules_digest: str
    def __init__(self, rules_digest: _Optional[str] = ..., facts_digest: _Optional[str] = ..., environment: _Optional[str] = ..., engine: _Optional[str] = ...) -> None: ...

class RaterGroup(_message.Message):
    __slots__ = ["id", "name", "quorum", "weight"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    quorum: int
    weight: float
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., weight: _Optional[float] = ..., quorum: _Optional[int] = ...) -> None: ...

class Result(_message.Message):
    __slots__ = ["base_score", "bonuses", "deductions", "diagnostics", "grade_id", "incomplete", "indicators", "period", "provenance", "rank", "ranked", "review", "score", "unit_id", "unit_name", "veto_ids"]
    BASE_SCORE_FIELD_NUMBER: _ClassVar[int]
    BONUSES_FIELD_NUMBER: _ClassVar[int]
    DEDUCTIONS_FIELD_NUMBER: _ClassVar[int]
    DIAGNOSTICS_FIELD_NUMBER: _ClassVar[int]
    GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_FIELD_NUMBER: _ClassVar[int]
    INDICATORS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    RANKED_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VETO_IDS_FIELD_NUMBER: _ClassVar[int]
    base_score: str
    bonuses: _containers.RepeatedCompositeFieldContainer[IndicatorResult]
    deductions: _containers.RepeatedCompositeFieldContainer[IndicatorResult]
    diagnostics: _containers.RepeatedCompositeFieldContainer[Diagnostic]
    grade_id: str
    incomplete: bool
    indicators: _containers.RepeatedCompositeFieldContainer[IndicatorResult]
    period: _common_pb2.Period
    provenance: Provenance
    rank: int
    ranked: int
    review: ReviewResult
    score: str
    unit_id: str
    unit_name: str
    veto_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, unit_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., score: _Optional[str] = ..., base_score: _Optional[str] = ..., indicators: _Optional[_Iterable[_Union[IndicatorResult, _Mapping]]] = ..., bonuses: _Optional[_Iterable[_Union[IndicatorResult, _Mapping]]] = ..., deductions: _Optional[_Iterable[_Union[IndicatorResult, _Mapping]]] = ..., veto_ids: _Optional[_Iterable[str]] = ..., grade_id: _Optional[str] = ..., rank: _Optional[int] = ..., review: _Optional[_Union[ReviewResult, _Mapping]] = ..., diagnostics: _Optional[_Iterable[_Union[Diagnostic, _Mapping]]] = ..., provenance: _Optional[_Union[Provenance, _Mapping]] = ..., ranked: _Optional[int] = ..., incomplete: bool = ..., unit_name: _Optional[str] = ...) -> None: ...

class Review(_message.Message):
    __slots__ = ["acting", "ballots", "comment", "held_until", "id", "period", "person_id", "post_id", "review_date", "scheme_id", "unit_id"]
    ACTING_FIELD_NUMBER: _ClassVar[int]
    BALLOTS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    HELD_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DATE_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    acting: bool
    ballots: _containers.RepeatedCompositeFieldContainer[Ballot]
    comment: ReviewComment
    held_until: _timestamp_pb2.Timestamp
    id: str
    period: _common_pb2.Period
    person_id: str
    post_id: str
    review_date: _timestamp_pb2.Timestamp
    scheme_id: str
    unit_id: str
    def __init__(self, unit_id: _Optional[str] = ..., person_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., ballots: _Optional[_Iterable[_Union[Ballot, _Mapping]]] = ..., id: _Optional[str] = ..., scheme_id: _Optional[str] = ..., post_id: _Optional[str] = ..., acting: bool = ..., review_date: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., held_until: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., comment: _Optional[_Union[ReviewComment, _Mapping]] = ...) -> None: ...

class ReviewComment(_message.Message):
    __slots__ = ["author", "author_person_id", "finding_ids", "points", "text"]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    FINDING_IDS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    author: str
    author_person_id: str
    finding_ids: _containers.RepeatedScalarFieldContainer[str]
    points: _containers.RepeatedScalarFieldContainer[str]
    text: str
    def __init__(self, author_person_id: _Optional[str] = ..., author: _Optional[str] = ..., text: _Optional[str] = ..., points: _Optional[_Iterable[str]] = ..., finding_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ReviewResult(_message.Message):
    __slots__ = ["acting", "comment", "finding_ids", "groups_below_quorum", "kind", "period", "person_id", "post_id", "review_id", "satisfaction", "scheme_id", "scheme_name", "score", "to", "unit_id", "valid"]
    ACTING_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    FINDING_IDS_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    GROUPS_BELOW_QUORUM_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    SCHEME_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEME_NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_FIELD_NUMBER: _ClassVar[int]
    acting: bool
    comment: ReviewComment
    finding_ids: _containers.RepeatedScalarFieldContainer[str]
    groups_below_quorum: _containers.RepeatedScalarFieldContainer[str]
    kind: ReviewKind
    period: _common_pb2.Period
    person_id: str
    post_id: str
    review_id: str
    satisfaction: float
    scheme_id: str
    scheme_name: str
    score: float
    to: _timestamp_pb2.Timestamp
    unit_id: str
    valid: bool
    def __init__(self, score: _Optional[float] = ..., satisfaction: _Optional[float] = ..., groups_below_quorum: _Optional[_Iterable[str]] = ..., valid: bool = ..., review_id: _Optional[str] = ..., scheme_id: _Optional[str] = ..., kind: _Optional[_Union[ReviewKind, str]] = ..., unit_id: _Optional[str] = ..., post_id: _Optional[str] = ..., person_id: _Optional[str] = ..., acting: bool = ..., to: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., finding_ids: _Optional[_Iterable[str]] = ..., comment: _Optional[_Union[ReviewComment, _Mapping]] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., scheme_name: _Optional[str] = ..., **kwargs) -> None: ...

class ReviewScheme(_message.Message):
    __slots__ = ["below_threshold_grade_id", "choice_scores", "id", "kind", "name", "post_kind_id", "rater_groups", "reviewer", "satisfaction_threshold", "trim_percent", "unit_kinds", "weight_percent"]
    BELOW_THRESHOLD_GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    CHOICE_SCORES_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    RATER_GROUPS_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    TRIM_PERCENT_FIELD_NUMBER: _ClassVar[int]
    UNIT_KINDS_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    below_threshold_grade_id: str
    choice_scores: _containers.RepeatedCompositeFieldContainer[ChoiceScore]
    id: str
    kind: ReviewKind
    name: str
    post_kind_id: str
    rater_groups: _containers.RepeatedCompositeFieldContainer[RaterGroup]
    reviewer: str
    satisfaction_threshold: float
    trim_percent: float
    unit_kinds: _containers.RepeatedScalarFieldContainer[_structure_pb2.UnitKind]
    weight_percent: float
    def __init__(self, rater_groups: _Optional[_Iterable[_Union[RaterGroup, _Mapping]]] = ..., choice_scores: _Optional[_Iterable[_Union[ChoiceScore, _Mapping]]] = ..., trim_percent: _Optional[float] = ..., satisfaction_threshold: _Optional[float] = ..., below_threshold_grade_id: _Optional[str] = ..., weight_percent: _Optional[float] = ..., id: _Optional[str] = ..., name: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., kind: _Optional[_Union[ReviewKind, str]] = ..., unit_kinds: _Optional[_Iterable[_Union[_structure_pb2.UnitKind, str]]] = ..., reviewer: _Optional[str] = ...) -> None: ...

class ReviewSet(_message.Message):
    __slots__ = ["reviews"]
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[Review]
    def __init__(self, reviews: _Optional[_Iterable[_Union[Review, _Mapping]]] = ...) -> None: ...

class Trigger(_message.Message):
    __slots__ = ["basis", "condition", "custom_measure", "duty_area_id", "id", "liability_kinds", "measure", "name", "responsibility_kinds", "scope", "target"]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_MEASURE_FIELD_NUMBER: _ClassVar[int]
    DUTY_AREA_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LIABILITY_KINDS_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITY_KINDS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    basis: str
    condition: str
    custom_measure: str
    duty_area_id: str
    id: str
    liability_kinds: _containers.RepeatedScalarFieldContainer[_responsibility_pb2.LiabilityKind]
    measure: AccountabilityMeasure
    name: str
    responsibility_kinds: _containers.RepeatedScalarFieldContainer[_framework_pb2.ResponsibilityKind]
    scope: TriggerScope
    target: ProposalTarget
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., condition: _Optional[str] = ..., measure: _Optional[_Union[AccountabilityMeasure, str]] = ..., custom_measure: _Optional[str] = ..., target: _Optional[_Union[ProposalTarget, str]] = ..., liability_kinds: _Optional[_Iterable[_Union[_responsibility_pb2.LiabilityKind, str]]] = ..., basis: _Optional[str] = ..., scope: _Optional[_Union[TriggerScope, str]] = ..., responsibility_kinds: _Optional[_Iterable[_Union[_framework_pb2.ResponsibilityKind, str]]] = ..., duty_area_id: _Optional[str] = ...) -> None: ...

class TriggerSet(_message.Message):
    __slots__ = ["triggers"]
    TRIGGERS_FIELD_NUMBER: _ClassVar[int]
    triggers: _containers.RepeatedCompositeFieldContainer[Trigger]
    def __init__(self, triggers: _Optional[_Iterable[_Union[Trigger, _Mapping]]] = ...) -> None: ...

class UnitFacts(_message.Message):
    __slots__ = ["assignments", "business_score", "cases", "findings", "metrics", "now", "organization", "organizations", "period", "review", "unit"]
    class MetricsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_SCORE_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    NOW_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[_lists_pb2.Assignment]
    business_score: float
    cases: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.SupervisionCase]
    findings: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Finding]
    metrics: _containers.ScalarMap[str, float]
    now: _timestamp_pb2.Timestamp
    organization: _structure_pb2.Organization
    organizations: _containers.RepeatedCompositeFieldContainer[_structure_pb2.Organization]
    period: _common_pb2.Period
    review: ReviewResult
    unit: _structure_pb2.Unit
    def __init__(self, unit: _Optional[_Union[_structure_pb2.Unit, _Mapping]] = ..., organization: _Optional[_Union[_structure_pb2.Organization, _Mapping]] = ..., organizations: _Optional[_Iterable[_Union[_structure_pb2.Organization, _Mapping]]] = ..., assignments: _Optional[_Iterable[_Union[_lists_pb2.Assignment, _Mapping]]] = ..., findings: _Optional[_Iterable[_Union[_supervision_pb2.Finding, _Mapping]]] = ..., cases: _Optional[_Iterable[_Union[_supervision_pb2.SupervisionCase, _Mapping]]] = ..., review: _Optional[_Union[ReviewResult, _Mapping]] = ..., metrics: _Optional[_Mapping[str, float]] = ..., business_score: _Optional[float] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., now: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Veto(_message.Message):
    __slots__ = ["action", "condition", "grade_id", "id", "name"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    action: VetoAction
    condition: str
    grade_id: str
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., condition: _Optional[str] = ..., action: _Optional[_Union[VetoAction, str]] = ..., grade_id: _Optional[str] = ...) -> None: ...

class ScoreRounding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class NoDataPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class VetoAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TieRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class VetoRanking(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ReviewChoice(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ReviewKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class AccountabilityMeasure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ProposalTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TriggerScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MeasureBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ProposalStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
