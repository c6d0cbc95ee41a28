from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

APPOINTMENT_KIND_ACTING: AppointmentKind
APPOINTMENT_KIND_DELEGATED: AppointmentKind
APPOINTMENT_KIND_REGULAR: AppointmentKind
APPOINTMENT_KIND_UNSPECIFIED: AppointmentKind
DESCRIPTOR: _descriptor.FileDescriptor
UNIT_KIND_DIRECT: UnitKind
UNIT_KIND_OTHER: UnitKind
UNIT_KIND_STATIONED: UnitKind
UNIT_KIND_UNSPECIFIED: UnitKind
UNIT_KIND_WORK_COMMITTEE: UnitKind

class Appointment(_message.Message):
    __slots__ = ["document", "duty_area_ids", "end", "id", "kind", "person_id", "post_id", "start"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    DUTY_AREA_IDS_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    document: str
    duty_area_ids: _containers.RepeatedScalarFieldContainer[str]
    end: _timestamp_pb2.Timestamp
    id: str
    kind: AppointmentKind
    person_id: str
    post_id: str
    start: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., person_id: _Optional[str] = ..., post_id: _Optional[str] = ..., kind: _Optional[_Union[AppointmentKind, str]] = ..., start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., duty_area_ids: _Optional[_Iterable[str]] = ..., document: _Optional[str] = ...) -> None: ...

class DutyArea(_message.Message):
    __slots__ = ["id", "name"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class EndAppointment(_message.Message):
    __slots__ = ["appointment_id", "end"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    end: _timestamp_pb2.Timestamp
    def __init__(self, appointment_id: _Optional[str] = ..., end: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Organization(_message.Message):
    __slots__ = ["id", "level_id", "member_count", "name", "parent_id", "short_name", "unit_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_COUNT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    level_id: str
    member_count: int
    name: str
    parent_id: str
    short_name: str
    unit_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., level_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., unit_id: _Optional[str] = ..., member_count: _Optional[int] = ..., short_name: _Optional[str] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ["id", "name", "position"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    position: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., position: _Optional[str] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ["id", "organization_id", "post_kind_id", "title"]
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    post_kind_id: str
    title: str
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class Rotation(_message.Message):
    __slots__ = ["appointment_id", "at", "next"]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    NEXT_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    at: _timestamp_pb2.Timestamp
    next: Appointment
    def __init__(self, appointment_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., next: _Optional[_Union[Appointment, _Mapping]] = ...) -> None: ...

class Structure(_message.Message):
    __slots__ = ["appointments", "duty_areas", "framework_id", "organizations", "people", "posts", "units"]
    APPOINTMENTS_FIELD_NUMBER: _ClassVar[int]
    DUTY_AREAS_FIELD_NUMBER: _ClassVar[int]
    FRAMEWORK_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    appointments: _containers.RepeatedCompositeFieldContainer[Appointment]
    duty_areas: _containers.RepeatedCompositeFieldContainer[DutyArea]
    framework_id: str
    organizations: _containers.RepeatedCompositeFieldContainer[Organization]
    people: _containers.RepeatedCompositeFieldContainer[Person]
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    units: _containers.RepeatedCompositeFieldContainer[Unit]
    def __init__(self, framework_id: _Optional[str] = ..., units: _Optional[_Iterable[_Union[Unit, _Mapping]]] = ..., organizations: _Optional[_Iterable[_Union[Organization, _Mapping]]] = ..., posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ..., people: _Optional[_Iterable[_Union[Person, _Mapping]]] = ..., appointments: _Optional[_Iterable[_Union[Appointment, _Mapping]]] = ..., duty_areas: _Optional[_Iterable[_Union[DutyArea, _Mapping]]] = ...) -> None: ...

class StructureChange(_message.Message):
    __slots__ = ["end_appointment", "put_appointment", "put_duty_area", "put_organization", "put_person", "put_post", "put_unit", "remove_appointment_id", "remove_duty_area_id", "remove_organization_id", "remove_person_id", "remove_post_id", "remove_unit_id", "rotation"]
    END_APPOINTMENT_FIELD_NUMBER: _ClassVar[int]
    PUT_APPOINTMENT_FIELD_NUMBER: _ClassVar[int]
    PUT_DUTY_AREA_FIELD_NUMBER: _ClassVar[int]
    PUT_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PUT_PERSON_FIELD_NUMBER: _ClassVar[int]
    PUT_POST_FIELD_NUMBER: _ClassVar[int]
    PUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    REMOVE_APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_DUTY_AREA_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_POST_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVE_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    ROTATION_FIELD_NUMBER: _ClassVar[int]
    end_appointment: EndAppointment
    put_appointment: Appointment
    put_duty_area: DutyArea
    put_organization: Organization
    put_person: Person
    put_post: Post
    put_unit: Unit
    remove_appointment_id: str
    remove_duty_area_id: str
    remove_organization_id: str
    remove_person_id: str
    remove_post_id: str
    remove_unit_id: str
    rotation: Rotation
    def __init__(self, put_unit: _Optional[_Union[Unit, _Mapping]] = ..., put_organization: _Optional[_Union[Organization, _Mapping]] = ..., put_post: _Optional[_Union[Post, _Mapping]] = ..., put_person: _Optional[_Union[Person, _Mapping]] = ..., put_appointment: _Optional[_Union[Appointment, _Mapping]] = ..., put_duty_area: _Optional[_Union[DutyArea, _Mapping]] = ..., end_appointment: _Optional[_Union[EndAppointment, _Mapping]] = ..., rotation: _Optional[_Union[Rotation, _Mapping]] = ..., remove_unit_id: _Optional[str] = ..., remove_organization_id: _Optional[str] = ..., remove_post_id: _Optional[str] = ..., remove_person_id: _Optional[str] = ..., remove_appointment_id: _Optional[str] = ..., remove_duty_area_id: _Optional[str] = ...) -> None: ...

class Unit(_message.Message):
    __slots__ = ["id", "key_unit", "kind", "name", "short_name"]
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_UNIT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    key_unit: bool
    kind: UnitKind
    name: str
    short_name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[_Union[UnitKind, str]] = ..., key_unit: bool = ..., short_name: _Optional[str] = ...) -> None: ...

class UnitKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class AppointmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
