from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import framework_pb2 as _framework_pb2
from zeren.v1 import structure_pb2 as _structure_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
GAP_KIND_LEVEL_MISSING: GapKind
GAP_KIND_NO_SECRETARY: GapKind
GAP_KIND_POST_MISSING: GapKind
GAP_KIND_POST_VACANT: GapKind
GAP_KIND_UNSPECIFIED: GapKind
LIABILITY_GROUND_BODY: LiabilityGround
LIABILITY_GROUND_CANDIDATE: LiabilityGround
LIABILITY_GROUND_DIRECT_POST: LiabilityGround
LIABILITY_GROUND_DUTY_AREA: LiabilityGround
LIABILITY_GROUND_PARTICIPANT: LiabilityGround
LIABILITY_GROUND_PRINCIPAL_POST: LiabilityGround
LIABILITY_GROUND_SUPERVISORY_POST: LiabilityGround
LIABILITY_GROUND_UNSPECIFIED: LiabilityGround
LIABILITY_KIND_IMPORTANT: LiabilityKind
LIABILITY_KIND_OVERALL: LiabilityKind
LIABILITY_KIND_PRINCIPAL: LiabilityKind
LIABILITY_KIND_SUPERVISORY: LiabilityKind
LIABILITY_KIND_UNSPECIFIED: LiabilityKind

class ChainLink(_message.Message):
    __slots__ = ["holders", "level_id", "organization_id", "organization_name", "responsibilities"]
    HOLDERS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITIES_FIELD_NUMBER: _ClassVar[int]
    holders: _containers.RepeatedCompositeFieldContainer[Holder]
    level_id: str
    organization_id: str
    organization_name: str
    responsibilities: _containers.RepeatedScalarFieldContainer[_framework_pb2.ResponsibilityKind]
    def __init__(self, organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., level_id: _Optional[str] = ..., responsibilities: _Optional[_Iterable[_Union[_framework_pb2.ResponsibilityKind, str]]] = ..., holders: _Optional[_Iterable[_Union[Holder, _Mapping]]] = ...) -> None: ...

class Gap(_message.Message):
    __slots__ = ["kind", "level_id", "message", "organization_id", "post_id", "post_kind_id", "unit_id"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LEVEL_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    kind: GapKind
    level_id: str
    message: str
    organization_id: str
    post_id: str
    post_kind_id: str
    unit_id: str
    def __init__(self, kind: _Optional[_Union[GapKind, str]] = ..., unit_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., level_id: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., post_id: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class Holder(_message.Message):
    __slots__ = ["appointment_id", "appointment_kind", "organization_id", "person_id", "person_name", "post_id", "post_kind_id", "responsibility"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_NAME_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITY_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    appointment_kind: _structure_pb2.AppointmentKind
    organization_id: str
    person_id: str
    person_name: str
    post_id: str
    post_kind_id: str
    responsibility: _framework_pb2.ResponsibilityKind
    def __init__(self, person_id: _Optional[str] = ..., person_name: _Optional[str] = ..., post_id: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., appointment_kind: _Optional[_Union[_structure_pb2.AppointmentKind, str]] = ..., responsibility: _Optional[_Union[_framework_pb2.ResponsibilityKind, str]] = ...) -> None: ...

class Liability(_message.Message):
    __slots__ = ["appointment_id", "basis", "ground", "kind", "organization_id", "person_id", "post_id", "reason", "to_verify"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    GROUND_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TO_VERIFY_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    basis: str
    ground: LiabilityGround
    kind: LiabilityKind
    organization_id: str
    person_id: str
    post_id: str
    reason: str
    to_verify: bool
    def __init__(self, kind: _Optional[_Union[LiabilityKind, str]] = ..., organization_id: _Optional[str] = ..., person_id: _Optional[str] = ..., post_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., reason: _Optional[str] = ..., basis: _Optional[str] = ..., ground: _Optional[_Union[LiabilityGround, str]] = ..., to_verify: bool = ...) -> None: ...

class LiabilityReport(_message.Message):
    __slots__ = ["at", "duty_area_id", "liabilities", "organization_id"]
    AT_FIELD_NUMBER: _ClassVar[int]
    DUTY_AREA_ID_FIELD_NUMBER: _ClassVar[int]
    LIABILITIES_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    duty_area_id: str
    liabilities: _containers.RepeatedCompositeFieldContainer[Liability]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., duty_area_id: _Optional[str] = ..., liabilities: _Optional[_Iterable[_Union[Liability, _Mapping]]] = ...) -> None: ...

class Tenure(_message.Message):
    __slots__ = ["appointment_id", "appointment_kind", "at_period_end", "days", "end", "person_id", "person_name", "post_id", "start"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENT_KIND_FIELD_NUMBER: _ClassVar[int]
    AT_PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_NAME_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    appointment_kind: _structure_pb2.AppointmentKind
    at_period_end: bool
    days: int
    end: _timestamp_pb2.Timestamp
    person_id: str
    person_name: str
    post_id: str
    start: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., person_name: _Optional[str] = ..., post_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., appointment_kind: _Optional[_Union[_structure_pb2.AppointmentKind, str]] = ..., start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., days: _Optional[int] = ..., at_period_end: bool = ...) -> None: ...

class GapKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LiabilityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LiabilityGround(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
