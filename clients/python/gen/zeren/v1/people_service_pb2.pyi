from zeren.v1 import assessment_pb2 as _assessment_pb2
from zeren.v1 import common_pb2 as _common_pb2
from zeren.v1 import people_pb2 as _people_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AdvanceTalkRequest(_message.Message):
    __slots__ = ["note", "talk_id", "to"]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TALK_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    note: str
    talk_id: str
    to: _people_pb2.TalkState
    def __init__(self, talk_id: _Optional[str] = ..., to: _Optional[_Union[_people_pb2.TalkState, str]] = ..., note: _Optional[str] = ...) -> None: ...

class AdvanceTalkResponse(_message.Message):
    __slots__ = ["talk"]
    TALK_FIELD_NUMBER: _ClassVar[int]
    talk: _people_pb2.Talk
    def __init__(self, talk: _Optional[_Union[_people_pb2.Talk, _Mapping]] = ...) -> None: ...

class GetPersonOutcomeRequest(_message.Message):
    __slots__ = ["period", "person_id", "rules_id", "run_id"]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    RULES_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    period: _common_pb2.Period
    person_id: str
    rules_id: str
    run_id: str
    def __init__(self, person_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., run_id: _Optional[str] = ..., rules_id: _Optional[str] = ...) -> None: ...

class GetPersonOutcomeResponse(_message.Message):
    __slots__ = ["outcome"]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    outcome: _people_pb2.PersonOutcome
    def __init__(self, outcome: _Optional[_Union[_people_pb2.PersonOutcome, _Mapping]] = ...) -> None: ...

class GetTalkRequest(_message.Message):
    __slots__ = ["talk_id"]
    TALK_ID_FIELD_NUMBER: _ClassVar[int]
    talk_id: str
    def __init__(self, talk_id: _Optional[str] = ...) -> None: ...

class GetTalkResponse(_message.Message):
    __slots__ = ["talk"]
    TALK_FIELD_NUMBER: _ClassVar[int]
    talk: _people_pb2.Talk
    def __init__(self, talk: _Optional[_Union[_people_pb2.Talk, _Mapping]] = ...) -> None: ...

class OpenTalkRequest(_message.Message):
    __slots__ = ["proposal_id", "talk"]
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    TALK_FIELD_NUMBER: _ClassVar[int]
    proposal_id: str
    talk: _people_pb2.Talk
    def __init__(self, proposal_id: _Optional[str] = ..., talk: _Optional[_Union[_people_pb2.Talk, _Mapping]] = ...) -> None: ...

class OpenTalkResponse(_message.Message):
    __slots__ = ["case_ids", "talk"]
    CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    TALK_FIELD_NUMBER: _ClassVar[int]
    case_ids: _containers.RepeatedScalarFieldContainer[str]
    talk: _people_pb2.Talk
    def __init__(self, talk: _Optional[_Union[_people_pb2.Talk, _Mapping]] = ..., case_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PutEligibilityRulesRequest(_message.Message):
    __slots__ = ["id", "rules"]
    ID_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    id: str
    rules: _containers.RepeatedCompositeFieldContainer[_people_pb2.EligibilityRule]
    def __init__(self, id: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[_people_pb2.EligibilityRule, _Mapping]]] = ...) -> None: ...

class PutEligibilityRulesResponse(_message.Message):
    __slots__ = ["version"]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class PutReviewPlanRequest(_message.Message):
    __slots__ = ["plan"]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: _people_pb2.ReviewPlan
    def __init__(self, plan: _Optional[_Union[_people_pb2.ReviewPlan, _Mapping]] = ...) -> None: ...

class PutReviewPlanResponse(_message.Message):
    __slots__ = ["version"]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class RecordReviewsRequest(_message.Message):
    __slots__ = ["plan_id", "reviews"]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    reviews: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Review]
    def __init__(self, plan_id: _Optional[str] = ..., reviews: _Optional[_Iterable[_Union[_assessment_pb2.Review, _Mapping]]] = ...) -> None: ...

class RecordReviewsResponse(_message.Message):
    __slots__ = ["results"]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.ReviewResult]
    def __init__(self, results: _Optional[_Iterable[_Union[_assessment_pb2.ReviewResult, _Mapping]]] = ...) -> None: ...
