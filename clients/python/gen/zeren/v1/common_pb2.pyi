from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
DIMENSION_CADRE_TEAM: Dimension
DIMENSION_CONDUCT: Dimension
DIMENSION_IDEOLOGICAL: Dimension
DIMENSION_INSTITUTIONAL: Dimension
DIMENSION_INTEGRITY: Dimension
DIMENSION_MASS_ORGANIZATIONS: Dimension
DIMENSION_ORGANIZATIONAL: Dimension
DIMENSION_OTHER: Dimension
DIMENSION_POLITICAL: Dimension
DIMENSION_UNSPECIFIED: Dimension
PERIOD_KIND_HALF: PeriodKind
PERIOD_KIND_MONTH: PeriodKind
PERIOD_KIND_QUARTER: PeriodKind
PERIOD_KIND_UNSPECIFIED: PeriodKind
PERIOD_KIND_YEAR: PeriodKind

class Evidence(_message.Message):
    __slots__ = ["recorded_at", "recorded_by", "ref", "title"]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    REF_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    recorded_at: _timestamp_pb2.Timestamp
    recorded_by: str
    ref: str
    title: str
    def __init__(self, ref: _Optional[str] = ..., title: _Optional[str] = ..., recorded_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_by: _Optional[str] = ...) -> None: ...

class Period(_message.Message):
    __slots__ = ["index", "kind", "year"]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    index: int
    kind: PeriodKind
    year: int
    def __init__(self, kind: _Optional[_Union[PeriodKind, str]] = ..., year: _Optional[int] = ..., index: _Optional[int] = ...) -> None: ...

class Dimension(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class PeriodKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
