from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import common_pb2 as _common_pb2
from zeren.v1 import lists_pb2 as _lists_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

CASE_SOURCE_FINDING: CaseSource
CASE_SOURCE_MANUAL: CaseSource
CASE_SOURCE_OVERDUE: CaseSource
CASE_SOURCE_UNSPECIFIED: CaseSource
CASE_STATE_CLOSED: CaseState
CASE_STATE_OPEN: CaseState
CASE_STATE_RECTIFYING: CaseState
CASE_STATE_RETURNED: CaseState
CASE_STATE_SUBMITTED: CaseState
CASE_STATE_UNSPECIFIED: CaseState
CASE_STATE_VERIFIED: CaseState
DESCRIPTOR: _descriptor.FileDescriptor
INSPECTION_MODE_DOCUMENTS: InspectionMode
INSPECTION_MODE_ON_SITE: InspectionMode
INSPECTION_MODE_UNSPECIFIED: InspectionMode
URGENCY_CRITICAL: Urgency
URGENCY_HIGH: Urgency
URGENCY_NORMAL: Urgency
URGENCY_UNSPECIFIED: Urgency

class Calendar(_message.Message):
    __slots__ = ["holidays", "id", "name", "sample", "workdays"]
    HOLIDAYS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_FIELD_NUMBER: _ClassVar[int]
    WORKDAYS_FIELD_NUMBER: _ClassVar[int]
    holidays: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    id: str
    name: str
    sample: bool
    workdays: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., sample: bool = ..., holidays: _Optional[_Iterable[_Union[_timestamp_pb2.Timestamp, _Mapping]]] = ..., workdays: _Optional[_Iterable[_Union[_timestamp_pb2.Timestamp, _Mapping]]] = ...) -> None: ...

class CaseEvent(_message.Message):
    __slots__ = ["actor", "at", "from_state", "note", "to_state"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    actor: str
    at: _timestamp_pb2.Timestamp
    from_state: CaseState
    note: str
    to_state: CaseState
    def __init__(self, at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., from_state: _Optional[_Union[CaseState, str]] = ..., to_state: _Optional[_Union[CaseState, str]] = ..., actor: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Dispatch(_message.Message):
    __slots__ = ["assignment_ids", "due", "id", "organization_ids", "period", "title"]
    ASSIGNMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    assignment_ids: _containers.RepeatedScalarFieldContainer[str]
    due: _timestamp_pb2.Timestamp
    id: str
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    period: _common_pb2.Period
    title: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., due: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., organization_ids: _Optional[_Iterable[str]] = ..., assignment_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Extension(_message.Message):
    __slots__ = ["approved_at", "approved_by", "new_deadline", "reason"]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    NEW_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    approved_at: _timestamp_pb2.Timestamp
    approved_by: str
    new_deadline: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, new_deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., approved_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., approved_by: _Optional[str] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ["concealed", "description", "dimension", "found_at", "id", "inspection_id", "organization_id", "problem_id", "self_reported", "severity", "task_id"]
    CONCEALED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    FOUND_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_ID_FIELD_NUMBER: _ClassVar[int]
    SELF_REPORTED_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    concealed: bool
    description: str
    dimension: _common_pb2.Dimension
    found_at: _timestamp_pb2.Timestamp
    id: str
    inspection_id: str
    organization_id: str
    problem_id: str
    self_reported: bool
    severity: _lists_pb2.Severity
    task_id: str
    def __init__(self, id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., description: _Optional[str] = ..., severity: _Optional[_Union[_lists_pb2.Severity, str]] = ..., problem_id: _Optional[str] = ..., task_id: _Optional[str] = ..., found_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., self_reported: bool = ..., concealed: bool = ...) -> None: ...

class Inspection(_message.Message):
    __slots__ = ["findings", "id", "mode", "period", "planned_on", "unit_id"]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PLANNED_ON_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    id: str
    mode: InspectionMode
    period: _common_pb2.Period
    planned_on: _timestamp_pb2.Timestamp
    unit_id: str
    def __init__(self, id: _Optional[str] = ..., unit_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., mode: _Optional[_Union[InspectionMode, str]] = ..., planned_on: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ...) -> None: ...

class InspectionPlan(_message.Message):
    __slots__ = ["inspections", "seed", "year"]
    INSPECTIONS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    inspections: _containers.RepeatedCompositeFieldContainer[Inspection]
    seed: int
    year: int
    def __init__(self, year: _Optional[int] = ..., seed: _Optional[int] = ..., inspections: _Optional[_Iterable[_Union[Inspection, _Mapping]]] = ...) -> None: ...

class Rectification(_message.Message):
    __slots__ = ["evidence", "extensions", "measures", "redactions", "returns"]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    EXTENSIONS_FIELD_NUMBER: _ClassVar[int]
    MEASURES_FIELD_NUMBER: _ClassVar[int]
    REDACTIONS_FIELD_NUMBER: _ClassVar[int]
    RETURNS_FIELD_NUMBER: _ClassVar[int]
    evidence: _containers.RepeatedCompositeFieldContainer[_common_pb2.Evidence]
    extensions: _containers.RepeatedCompositeFieldContainer[Extension]
    measures: _containers.RepeatedScalarFieldContainer[str]
    redactions: _containers.RepeatedScalarFieldContainer[str]
    returns: int
    def __init__(self, measures: _Optional[_Iterable[str]] = ..., evidence: _Optional[_Iterable[_Union[_common_pb2.Evidence, _Mapping]]] = ..., extensions: _Optional[_Iterable[_Union[Extension, _Mapping]]] = ..., returns: _Optional[int] = ..., redactions: _Optional[_Iterable[str]] = ...) -> None: ...

class Reminder(_message.Message):
    __slots__ = ["assignment_id", "case_id", "due", "id", "offset_days", "organization_id", "person_id", "remind_on"]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OFFSET_DAYS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    REMIND_ON_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    case_id: str
    due: _timestamp_pb2.Timestamp
    id: str
    offset_days: int
    organization_id: str
    person_id: str
    remind_on: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., assignment_id: _Optional[str] = ..., person_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., remind_on: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., due: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., offset_days: _Optional[int] = ..., case_id: _Optional[str] = ...) -> None: ...

class SupervisionCase(_message.Message):
    __slots__ = ["assignment_ids", "assisting_unit_ids", "deadline", "escalated", "finding_id", "history", "id", "lead_unit_id", "opened_at", "organization_id", "overdue_count", "rectification", "source", "state", "title", "urgency", "yellow_card"]
    ASSIGNMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    ASSISTING_UNIT_IDS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    FINDING_ID_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_COUNT_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    YELLOW_CARD_FIELD_NUMBER: _ClassVar[int]
    assignment_ids: _containers.RepeatedScalarFieldContainer[str]
    assisting_unit_ids: _containers.RepeatedScalarFieldContainer[str]
    deadline: _timestamp_pb2.Timestamp
    escalated: bool
    finding_id: str
    history: _containers.RepeatedCompositeFieldContainer[CaseEvent]
    id: str
    lead_unit_id: str
    opened_at: _timestamp_pb2.Timestamp
    organization_id: str
    overdue_count: int
    rectification: Rectification
    source: CaseSource
    state: CaseState
    title: str
    urgency: Urgency
    yellow_card: bool
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., source: _Optional[_Union[CaseSource, str]] = ..., assignment_ids: _Optional[_Iterable[str]] = ..., finding_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., lead_unit_id: _Optional[str] = ..., assisting_unit_ids: _Optional[_Iterable[str]] = ..., opened_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., urgency: _Optional[_Union[Urgency, str]] = ..., yellow_card: bool = ..., overdue_count: _Optional[int] = ..., escalated: bool = ..., state: _Optional[_Union[CaseState, str]] = ..., rectification: _Optional[_Union[Rectification, _Mapping]] = ..., history: _Optional[_Iterable[_Union[CaseEvent, _Mapping]]] = ...) -> None: ...

class InspectionMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CaseSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Urgency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class CaseState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
