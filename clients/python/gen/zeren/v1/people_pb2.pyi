from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import assessment_pb2 as _assessment_pb2
from zeren.v1 import common_pb2 as _common_pb2
from zeren.v1 import structure_pb2 as _structure_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
ELIGIBILITY_KIND_CADRE_FLAG: EligibilityKind
ELIGIBILITY_KIND_COMMENDATION: EligibilityKind
ELIGIBILITY_KIND_UNSPECIFIED: EligibilityKind
TALK_STATE_CLOSED: TalkState
TALK_STATE_FOLLOW_UP_DUE: TalkState
TALK_STATE_OPEN: TalkState
TALK_STATE_UNSPECIFIED: TalkState

class Commitment(_message.Message):
    __slots__ = ["case_id", "deadline", "id", "text"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    deadline: _timestamp_pb2.Timestamp
    id: str
    text: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., case_id: _Optional[str] = ...) -> None: ...

class EligibilityResult(_message.Message):
    __slots__ = ["error", "error_zh", "inputs", "kind", "met", "rule_id", "rule_name"]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_ZH_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MET_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_NAME_FIELD_NUMBER: _ClassVar[int]
    error: str
    error_zh: str
    inputs: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Input]
    kind: EligibilityKind
    met: bool
    rule_id: str
    rule_name: str
    def __init__(self, rule_id: _Optional[str] = ..., kind: _Optional[_Union[EligibilityKind, str]] = ..., met: bool = ..., error: _Optional[str] = ..., error_zh: _Optional[str] = ..., rule_name: _Optional[str] = ..., inputs: _Optional[_Iterable[_Union[_assessment_pb2.Input, _Mapping]]] = ...) -> None: ...

class EligibilityRule(_message.Message):
    __slots__ = ["condition", "id", "kind", "name"]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    condition: str
    id: str
    kind: EligibilityKind
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[EligibilityKind, str]] = ..., condition: _Optional[str] = ...) -> None: ...

class PersonOutcome(_message.Message):
    __slots__ = ["case_ids", "eligibility", "finding_ids", "period", "person_id", "person_name", "posts", "proposals", "reviews", "talk_ids", "unit_grades"]
    CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    ELIGIBILITY_FIELD_NUMBER: _ClassVar[int]
    FINDING_IDS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_NAME_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    TALK_IDS_FIELD_NUMBER: _ClassVar[int]
    UNIT_GRADES_FIELD_NUMBER: _ClassVar[int]
    case_ids: _containers.RepeatedScalarFieldContainer[str]
    eligibility: _containers.RepeatedCompositeFieldContainer[EligibilityResult]
    finding_ids: _containers.RepeatedScalarFieldContainer[str]
    period: _common_pb2.Period
    person_id: str
    person_name: str
    posts: _containers.RepeatedCompositeFieldContainer[PostHeld]
    proposals: _containers.RepeatedCompositeFieldContainer[ProposalDecision]
    reviews: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.ReviewResult]
    talk_ids: _containers.RepeatedScalarFieldContainer[str]
    unit_grades: _containers.RepeatedCompositeFieldContainer[UnitGrade]
    def __init__(self, person_id: _Optional[str] = ..., person_name: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., posts: _Optional[_Iterable[_Union[PostHeld, _Mapping]]] = ..., unit_grades: _Optional[_Iterable[_Union[UnitGrade, _Mapping]]] = ..., reviews: _Optional[_Iterable[_Union[_assessment_pb2.ReviewResult, _Mapping]]] = ..., finding_ids: _Optional[_Iterable[str]] = ..., case_ids: _Optional[_Iterable[str]] = ..., proposals: _Optional[_Iterable[_Union[ProposalDecision, _Mapping]]] = ..., eligibility: _Optional[_Iterable[_Union[EligibilityResult, _Mapping]]] = ..., talk_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PostHeld(_message.Message):
    __slots__ = ["appointment_id", "appointment_kind", "at_period_end", "days", "end", "organization_id", "post_id", "post_kind_id", "start", "unit_id"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    AT_PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    appointment_kind: _structure_pb2.AppointmentKind
    at_period_end: bool
    days: int
    end: _timestamp_pb2.Timestamp
    organization_id: str
    post_id: str
    post_kind_id: str
    start: _timestamp_pb2.Timestamp
    unit_id: str
    def __init__(self, post_id: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., unit_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., appointment_kind: _Optional[_Union[_structure_pb2.AppointmentKind, str]] = ..., start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., days: _Optional[int] = ..., at_period_end: bool = ...) -> None: ...

class ProposalDecision(_message.Message):
    __slots__ = ["as_predecessor", "decided_at", "measure", "measure_basis", "post_id", "proposal_id", "status", "unit_id"]
    AS_PREDECESSOR_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    MEASURE_BASIS_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    as_predecessor: bool
    decided_at: _timestamp_pb2.Timestamp
    measure: _assessment_pb2.AccountabilityMeasure
    measure_basis: _assessment_pb2.MeasureBasis
    post_id: str
    proposal_id: str
    status: _assessment_pb2.ProposalStatus
    unit_id: str
    def __init__(self, proposal_id: _Optional[str] = ..., measure: _Optional[_Union[_assessment_pb2.AccountabilityMeasure, str]] = ..., status: _Optional[_Union[_assessment_pb2.ProposalStatus, str]] = ..., decided_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., as_predecessor: bool = ..., post_id: _Optional[str] = ..., measure_basis: _Optional[_Union[_assessment_pb2.MeasureBasis, str]] = ..., unit_id: _Optional[str] = ...) -> None: ...

class ReviewPlan(_message.Message):
    __slots__ = ["id", "name", "precision", "schemes"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    precision: int
    schemes: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.ReviewScheme]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., schemes: _Optional[_Iterable[_Union[_assessment_pb2.ReviewScheme, _Mapping]]] = ..., precision: _Optional[int] = ...) -> None: ...

class Talk(_message.Message):
    __slots__ = ["commitments", "follow_up_at", "held_at", "history", "id", "measure", "organization_id", "person_id", "points", "proposal_id", "state", "talkers"]
    COMMITMENTS_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_AT_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TALKERS_FIELD_NUMBER: _ClassVar[int]
    commitments: _containers.RepeatedCompositeFieldContainer[Commitment]
    follow_up_at: _timestamp_pb2.Timestamp
    held_at: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[TalkEvent]
    id: str
    measure: _assessment_pb2.AccountabilityMeasure
    organization_id: str
    person_id: str
    points: _containers.RepeatedScalarFieldContainer[str]
    proposal_id: str
    state: TalkState
    talkers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., proposal_id: _Optional[str] = ..., measure: _Optional[_Union[_assessment_pb2.AccountabilityMeasure, str]] = ..., held_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., talkers: _Optional[_Iterable[str]] = ..., person_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., points: _Optional[_Iterable[str]] = ..., commitments: _Optional[_Iterable[_Union[Commitment, _Mapping]]] = ..., follow_up_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[_Union[TalkState, str]] = ..., history: _Optional[_Iterable[_Union[TalkEvent, _Mapping]]] = ...) -> None: ...

class TalkEvent(_message.Message):
    __slots__ = ["at", "by", "note", "to"]
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    by: str
    note: str
    to: TalkState
    def __init__(self, to: _Optional[_Union[TalkState, str]] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., by: _Optional[str] = ..., note: _Optional[str] = ..., **kwargs) -> None: ...

class UnitGrade(_message.Message):
    __slots__ = ["grade_id", "grade_name", "period", "post_id", "score", "tenure_days", "unit_id"]
    GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    GRADE_NAME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    TENURE_DAYS_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    grade_id: str
    grade_name: str
    period: _common_pb2.Period
    post_id: str
    score: float
    tenure_days: int
    unit_id: str
    def __init__(self, unit_id: _Optional[str] = ..., post_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., grade_id: _Optional[str] = ..., grade_name: _Optional[str] = ..., score: _Optional[float] = ..., tenure_days: _Optional[int] = ...) -> None: ...

class EligibilityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class TalkState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
