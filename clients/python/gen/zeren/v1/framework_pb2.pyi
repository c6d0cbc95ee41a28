from zeren.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
LEADERSHIP_ROLE_MEMBER: LeadershipRole
LEADERSHIP_ROLE_NONE: LeadershipRole
LEADERSHIP_ROLE_PRINCIPAL: LeadershipRole
LEADERSHIP_ROLE_UNSPECIFIED: LeadershipRole
RESPONSIBILITY_KIND_DIRECT: ResponsibilityKind
RESPONSIBILITY_KIND_DUAL_DUTY: ResponsibilityKind
RESPONSIBILITY_KIND_FIRST_RESPONSIBLE: ResponsibilityKind
RESPONSIBILITY_KIND_GUIDANCE: ResponsibilityKind
RESPONSIBILITY_KIND_IMPLEMENTATION: ResponsibilityKind
RESPONSIBILITY_KIND_OTHER: ResponsibilityKind
RESPONSIBILITY_KIND_PRINCIPAL: ResponsibilityKind
RESPONSIBILITY_KIND_SUPERVISORY: ResponsibilityKind
RESPONSIBILITY_KIND_UNSPECIFIED: ResponsibilityKind

class Clause(_message.Message):
    __slots__ = ["basis", "dimension", "id", "level_id", "number", "post_kind_id", "text"]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    POST_KIND_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    basis: str
    dimension: _common_pb2.Dimension
    id: str
    level_id: str
    number: str
    post_kind_id: str
    text: str
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., level_id: _Optional[str] = ..., post_kind_id: _Optional[str] = ..., dimension: _Optional[_Union[_common_pb2.Dimension, str]] = ..., text: _Optional[str] = ..., basis: _Optional[str] = ...) -> None: ...

class Framework(_message.Message):
    __slots__ = ["clauses", "id", "levels", "name", "post_kinds", "source", "version"]
    CLAUSES_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POST_KINDS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    clauses: _containers.RepeatedCompositeFieldContainer[Clause]
    id: str
    levels: _containers.RepeatedCompositeFieldContainer[Level]
    name: str
    post_kinds: _containers.RepeatedCompositeFieldContainer[PostKind]
    source: str
    version: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., source: _Optional[str] = ..., levels: _Optional[_Iterable[_Union[Level, _Mapping]]] = ..., post_kinds: _Optional[_Iterable[_Union[PostKind, _Mapping]]] = ..., clauses: _Optional[_Iterable[_Union[Clause, _Mapping]]] = ...) -> None: ...

class Level(_message.Message):
    __slots__ = ["id", "name", "parent_level_ids", "required", "responsibilities", "supervising"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_LEVEL_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITIES_FIELD_NUMBER: _ClassVar[int]
    SUPERVISING_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    parent_level_ids: _containers.RepeatedScalarFieldContainer[str]
    required: bool
    responsibilities: _containers.RepeatedScalarFieldContainer[ResponsibilityKind]
    supervising: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., responsibilities: _Optional[_Iterable[_Union[ResponsibilityKind, str]]] = ..., parent_level_ids: _Optional[_Iterable[str]] = ..., required: bool = ..., supervising: bool = ...) -> None: ...

class PostKind(_message.Message):
    __slots__ = ["id", "level_id", "name", "required", "responsibility", "role", "single_holder"]
    ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBILITY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SINGLE_HOLDER_FIELD_NUMBER: _ClassVar[int]
    id: str
    level_id: str
    name: str
    required: bool
    responsibility: ResponsibilityKind
    role: LeadershipRole
    single_holder: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., level_id: _Optional[str] = ..., responsibility: _Optional[_Union[ResponsibilityKind, str]] = ..., role: _Optional[_Union[LeadershipRole, str]] = ..., single_holder: bool = ..., required: bool = ...) -> None: ...

class ResponsibilityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class LeadershipRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
