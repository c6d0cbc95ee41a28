from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ASSIGNMENT_STATUS_DONE: AssignmentStatus
ASSIGNMENT_STATUS_OPEN: AssignmentStatus
ASSIGNMENT_STATUS_RETIRED: AssignmentStatus
ASSIGNMENT_STATUS_UNSPECIFIED: AssignmentStatus
COMPARISON_AT_LEAST: Comparison
COMPARISON_AT_MOST: Comparison
COMPARISON_DONE: Comparison
COMPARISON_EQUAL: Comparison
COMPARISON_UNSPECIFIED: Comparison
DESCRIPTOR: _descriptor.FileDescriptor
PROBLEM_ORIGIN_INSPECTION_TOUR: ProblemOrigin
PROBLEM_ORIGIN_OTHER: ProblemOrigin
PROBLEM_ORIGIN_SELF_CHECK: ProblemOrigin
PROBLEM_ORIGIN_SUPERIOR_FEEDBACK: ProblemOrigin
PROBLEM_ORIGIN_SUPERVISION: ProblemOrigin
PROBLEM_ORIGIN_UNSPECIFIED: ProblemOrigin
ROUNDING_HALF_EVEN: Rounding
ROUNDING_HALF_UP: Rounding
ROUNDING_REMAINDER_FIRST: Rounding
ROUNDING_REMAINDER_LAST: Rounding
ROUNDING_UNSPECIFIED: Rounding
SEVERITY_MAJOR: Severity
SEVERITY_MINOR: Severity
SEVERITY_SEVERE: Severity
SEVERITY_UNSPECIFIED: Severity
SPLIT_RULE_CUMULATIVE: SplitRule
SPLIT_RULE_PER_PERIOD: SplitRule
SPLIT_RULE_REPEAT: SplitRule
SPLIT_RULE_UNSPECIFIED: SplitRule

class Assignment(_message.Message):
    __slots__ = ["actual", "appointment_id", "comparison", "completed_at", "dimension", "due", "evidence", "extended_due", "handovers", "id", "organization_id", "period", "person_id", "post_id", "received_at", "redactions", "status", "tags", "target", "task_id", "task_kind", "weight"]
    ACTUAL_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPARISON_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_DUE_FIELD_NUMBER: _ClassVar[int]
    HANDOVERS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    REDACTIONS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_KIND_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    actual: float
    appointment_id: str
    comparison: Comparison
    completed_at: _timestamp_pb2.Timestamp
    dimension: _common_pb2.Dimension
    due: _timestamp_pb2.Timestamp
    evidence: _containers.RepeatedCompositeFieldContainer[_common_pb2.Evidence]
    extended_due: _timestamp_pb2.Timestamp
    handovers: _containers.RepeatedCompositeFieldContainer[Handover]
    id: str
    organization_id: str
    period: _common_pb2.Period
    person_id: str
    post_id: str
    received_at: _timestamp_pb2.Timestamp
    redactions: _containers.RepeatedScalarFieldContainer[str]
    status: AssignmentStatus
    tags: _containers.RepeatedScalarFieldContainer[str]
    target: float
    task_id: str
    task_kind: str
    weight: float
    def __init__(self, id: _Optional[str] = ..., task_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., post_id: _Optional[str] = ..., person_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., target: _Optional[float] = ..., due: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., actual: _Optional[float] = ..., evidence: _Optional[_Iterable[_Union[_common_pb2.Evidence, _Mapping]]] = ..., status: _Optional[_Union[AssignmentStatus, str]] = ..., weight: _Optional[float] = ..., completed_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., handovers: _Optional[_Iterable[_Union[Handover, _Mapping]]] = ..., comparison: _Optional[_Union[Comparison, str]] = ..., extended_due: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., tags: _Optional[_Iterable[str]] = ..., task_kind: _Optional[str] = ..., received_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., redactions: _Optional[_Iterable[str]] = ...) -> None: ...

class Handover(_message.Message):
    __slots__ = ["appointment_id", "at", "from_person_id", "to_person_id"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    FROM_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    TO_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    at: _timestamp_pb2.Timestamp
    from_person_id: str
    to_person_id: str
    def __init__(self, from_person_id: _Optional[str] = ..., to_person_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., appointment_id: _Optional[str] = ...) -> None: ...

class Measure(_message.Message):
    __slots__ = ["comparison", "metric", "period_kind", "precision", "rounding", "split", "target", "unit"]
    COMPARISON_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    PERIOD_KIND_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_FIELD_NUMBER: _ClassVar[int]
    SPLIT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    comparison: Comparison
    metric: str
    period_kind: _common_pb2.PeriodKind
    precision: int
    rounding: Rounding
    split: SplitRule
    target: float
    unit: str
    def __init__(self, metric: _Optional[str] = ..., unit: _Optional[str] = ..., target: _Optional[float] = ..., comparison: _Optional[_Union[Comparison, str]] = ..., period_kind: _Optional[_Union[_common_pb2.PeriodKind, str]] = ..., split: _Optional[_Union[SplitRule, str]] = ..., rounding: _Optional[_Union[Rounding, str]] = ..., precision: _Optional[int] = ...) -> None: ...

class Plan(_message.Message):
    __slots__ = ["framework_id", "id", "name", "problems", "responsibilities", "tasks", "year"]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITIES_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    framework_id: str
    id: str
    name: str
    problems: _containers.RepeatedCompositeFieldContainer[Problem]
    responsibilities: _containers.RepeatedCompositeFieldContainer[ResponsibilityEntry]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    year: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., year: _Optional[int] = ..., framework_id: _Optional[str] = ..., problems: _Optional[_Iterable[_Union[Problem, _Mapping]]] = ..., tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., responsibilities: _Optional[_Iterable[_Union[ResponsibilityEntry, _Mapping]]] = ...) -> None: ...

class Problem(_message.Message):
    __slots__ = ["description", "dimension", "id", "number", "origin", "severity", "title"]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    description: str
    dimension: _common_pb2.Dimension
    id: str
    number: str
    origin: ProblemOrigin
    severity: Severity
    title: str
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., origin: _Optional[_Union[ProblemOrigin, str]] = ..., severity: _Optional[_Union[Severity, str]] = ...) -> None: ...

class ProgressRecord(_message.Message):
    __slots__ = ["assignment_id", "at", "evidence", "note", "reported_by", "value"]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    at: _timestamp_pb2.Timestamp
    evidence: _containers.RepeatedCompositeFieldContainer[_common_pb2.Evidence]
    note: str
    reported_by: str
    value: float
    def __init__(self, assignment_id: _Optional[str] = ..., value: _Optional[float] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., evidence: _Optional[_Iterable[_Union[_common_pb2.Evidence, _Mapping]]] = ..., reported_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ResponsibilityEntry(_message.Message):
    __slots__ = ["deadline", "id", "note", "post_kind_id", "responsible_department", "responsible_unit_ids", "task_id"]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_IDS_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    deadline: _timestamp_pb2.Timestamp
    id: str
    note: str
    post_kind_id: str
    responsible_department: str
    responsible_unit_ids: _containers.RepeatedScalarFieldContainer[str]
    task_id: str
    def __init__(self, id: _Optional[str] = ..., task_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., responsible_unit_ids: _Optional[_Iterable[str]] = ..., post_kind_id: _Optional[str] = ..., deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ...) -> None: ...

class Scope(_message.Message):
    __slots__ = ["key_units_only", "level_ids", "organization_ids", "unit_ids"]
    KEY_UNITS_ONLY_FIELD_NUMBER: _ClassVar[int]
    LEVEL_IDS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    UNIT_IDS_FIELD_NUMBER: _ClassVar[int]
    key_units_only: bool
    level_ids: _containers.RepeatedScalarFieldContainer[str]
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    unit_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, level_ids: _Optional[_Iterable[str]] = ..., unit_ids: _Optional[_Iterable[str]] = ..., organization_ids: _Optional[_Iterable[str]] = ..., key_units_only: bool = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ["assisting_departments", "deadline", "description", "dimension", "id", "kind", "lead_department", "measure", "number", "owner_post_kind_id", "problem_ids", "scope", "tags", "title", "weight"]
    ASSISTING_DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LEAD_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    MEASURE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    OWNER_POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_IDS_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    assisting_departments: _containers.RepeatedScalarFieldContainer[str]
    deadline: _timestamp_pb2.Timestamp
    description: str
    dimension: _common_pb2.Dimension
    id: str
    kind: str
    lead_department: str
    measure: Measure
    number: str
    owner_post_kind_id: str
    problem_ids: _containers.RepeatedScalarFieldContainer[str]
    scope: Scope
    tags: _containers.RepeatedScalarFieldContainer[str]
    title: str
    weight: float
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., problem_ids: _Optional[_Iterable[str]] = ..., owner_post_kind_id: _Optional[str] = ..., lead_department: _Optional[str] = ..., assisting_departments: _Optional[_Iterable[str]] = ..., scope: _Optional[_Union[Scope, _Mapping]] = ..., measure: _Optional[_Union[Measure, _Mapping]] = ..., deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., weight: _Optional[float] = ..., tags: _Optional[_Iterable[str]] = ..., kind: _Optional[str] = ...) -> None: ...

class ProblemOrigin(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Comparison(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class SplitRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Rounding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class AssignmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
