from google.protobuf import timestamp_pb2 as _timestamp_pb2
from zeren.v1 import assessment_pb2 as _assessment_pb2
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

DESCRIPTOR: _descriptor.FileDescriptor
RULE_KIND_CONDITION: RuleKind
RULE_KIND_NUMBER: RuleKind
RULE_KIND_RATIO: RuleKind
RULE_KIND_UNSPECIFIED: RuleKind

class ChangeStructureRequest(_message.Message):
    __slots__ = ["at", "changes", "dry_run", "expect_version", "rebind", "successors"]
    class SuccessorsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    AT_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    EXPECT_VERSION_FIELD_NUMBER: _ClassVar[int]
    REBIND_FIELD_NUMBER: _ClassVar[int]
    SUCCESSORS_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    changes: _containers.RepeatedCompositeFieldContainer[_structure_pb2.StructureChange]
    dry_run: bool
    expect_version: int
    rebind: bool
    successors: _containers.ScalarMap[str, str]
    def __init__(self, changes: _Optional[_Iterable[_Union[_structure_pb2.StructureChange, _Mapping]]] = ..., dry_run: bool = ..., rebind: bool = ..., successors: _Optional[_Mapping[str, str]] = ..., expect_version: _Optional[int] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChangeStructureResponse(_message.Message):
    __slots__ = ["impact", "version"]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    impact: StructureImpact
    version: int
    def __init__(self, version: _Optional[int] = ..., impact: _Optional[_Union[StructureImpact, _Mapping]] = ...) -> None: ...

class CheckRuleRequest(_message.Message):
    __slots__ = ["kind", "source"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    kind: RuleKind
    source: str
    def __init__(self, source: _Optional[str] = ..., kind: _Optional[_Union[RuleKind, str]] = ...) -> None: ...

class CheckRuleResponse(_message.Message):
    __slots__ = ["issues"]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    issues: _containers.RepeatedCompositeFieldContainer[RuleIssue]
    def __init__(self, issues: _Optional[_Iterable[_Union[RuleIssue, _Mapping]]] = ...) -> None: ...

class DecomposeRequest(_message.Message):
    __slots__ = ["plan_id"]
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    def __init__(self, plan_id: _Optional[str] = ...) -> None: ...

class DecomposeResponse(_message.Message):
    __slots__ = ["added", "changed", "retired", "unchanged"]
    ADDED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    added: int
    changed: int
    retired: int
    unchanged: int
    def __init__(self, added: _Optional[int] = ..., changed: _Optional[int] = ..., retired: _Optional[int] = ..., unchanged: _Optional[int] = ...) -> None: ...

class DryRunRequest(_message.Message):
    __slots__ = ["run_id", "system"]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    system: _assessment_pb2.IndicatorSystem
    def __init__(self, system: _Optional[_Union[_assessment_pb2.IndicatorSystem, _Mapping]] = ..., run_id: _Optional[str] = ...) -> None: ...

class DryRunResponse(_message.Message):
    __slots__ = ["changes", "text"]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[UnitChange]
    text: str
    def __init__(self, changes: _Optional[_Iterable[_Union[UnitChange, _Mapping]]] = ..., text: _Optional[str] = ...) -> None: ...

class ExtendCaseRequest(_message.Message):
    __slots__ = ["case_id", "new_deadline", "reason"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    new_deadline: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., new_deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ExtendCaseResponse(_message.Message):
    __slots__ = ["assignments", "case", "reminders"]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    REMINDERS_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[_lists_pb2.Assignment]
    case: _supervision_pb2.SupervisionCase
    reminders: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Reminder]
    def __init__(self, case: _Optional[_Union[_supervision_pb2.SupervisionCase, _Mapping]] = ..., assignments: _Optional[_Iterable[_Union[_lists_pb2.Assignment, _Mapping]]] = ..., reminders: _Optional[_Iterable[_Union[_supervision_pb2.Reminder, _Mapping]]] = ...) -> None: ...

class GetAgendaRequest(_message.Message):
    __slots__ = ["on", "page_token", "units_per_page"]
    ON_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNITS_PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    on: _timestamp_pb2.Timestamp
    page_token: str
    units_per_page: int
    def __init__(self, on: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., units_per_page: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetAgendaResponse(_message.Message):
    __slots__ = ["dispatches", "inspections", "next_page_token", "opened", "problems", "reminders", "stored", "urged"]
    DISPATCHES_FIELD_NUMBER: _ClassVar[int]
    INSPECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OPENED_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    REMINDERS_FIELD_NUMBER: _ClassVar[int]
    STORED_FIELD_NUMBER: _ClassVar[int]
    URGED_FIELD_NUMBER: _ClassVar[int]
    dispatches: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Dispatch]
    inspections: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Inspection]
    next_page_token: str
    opened: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.SupervisionCase]
    problems: _containers.RepeatedCompositeFieldContainer[ValidationProblem]
    reminders: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Reminder]
    stored: bool
    urged: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.SupervisionCase]
    def __init__(self, reminders: _Optional[_Iterable[_Union[_supervision_pb2.Reminder, _Mapping]]] = ..., dispatches: _Optional[_Iterable[_Union[_supervision_pb2.Dispatch, _Mapping]]] = ..., inspections: _Optional[_Iterable[_Union[_supervision_pb2.Inspection, _Mapping]]] = ..., opened: _Optional[_Iterable[_Union[_supervision_pb2.SupervisionCase, _Mapping]]] = ..., urged: _Optional[_Iterable[_Union[_supervision_pb2.SupervisionCase, _Mapping]]] = ..., stored: bool = ..., problems: _Optional[_Iterable[_Union[ValidationProblem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetChainRequest(_message.Message):
    __slots__ = ["at", "organization_id"]
    AT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetChainResponse(_message.Message):
    __slots__ = ["links"]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    links: _containers.RepeatedCompositeFieldContainer[_responsibility_pb2.ChainLink]
    def __init__(self, links: _Optional[_Iterable[_Union[_responsibility_pb2.ChainLink, _Mapping]]] = ...) -> None: ...

class GetCoverageRequest(_message.Message):
    __slots__ = ["at", "page_size", "page_token"]
    AT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetCoverageResponse(_message.Message):
    __slots__ = ["gaps", "next_page_token"]
    GAPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    gaps: _containers.RepeatedCompositeFieldContainer[_responsibility_pb2.Gap]
    next_page_token: str
    def __init__(self, gaps: _Optional[_Iterable[_Union[_responsibility_pb2.Gap, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetLiabilityRequest(_message.Message):
    __slots__ = ["at", "duty_area_id", "organization_id", "participant_ids"]
    AT_FIELD_NUMBER: _ClassVar[int]
    DUTY_AREA_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_IDS_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    duty_area_id: str
    organization_id: str
    participant_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, organization_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., duty_area_id: _Optional[str] = ..., participant_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetLiabilityResponse(_message.Message):
    __slots__ = ["report"]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: _responsibility_pb2.LiabilityReport
    def __init__(self, report: _Optional[_Union[_responsibility_pb2.LiabilityReport, _Mapping]] = ...) -> None: ...

class GetStructureRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetStructureResponse(_message.Message):
    __slots__ = ["structure", "version"]
    STRUCTURE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    structure: _structure_pb2.Structure
    version: int
    def __init__(self, structure: _Optional[_Union[_structure_pb2.Structure, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class ListAssignmentsRequest(_message.Message):
    __slots__ = ["organization_id", "page_size", "page_token", "period", "task_id"]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    period: _common_pb2.Period
    task_id: str
    def __init__(self, organization_id: _Optional[str] = ..., task_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssignmentsResponse(_message.Message):
    __slots__ = ["assignments", "next_page_token"]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[_lists_pb2.Assignment]
    next_page_token: str
    def __init__(self, assignments: _Optional[_Iterable[_Union[_lists_pb2.Assignment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ["organization_id", "page_size", "page_token", "state"]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    state: _supervision_pb2.CaseState
    def __init__(self, state: _Optional[_Union[_supervision_pb2.CaseState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ["cases", "next_page_token"]
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.SupervisionCase]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[_supervision_pb2.SupervisionCase, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListHoldersRequest(_message.Message):
    __slots__ = ["at", "post_id"]
    AT_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    post_id: str
    def __init__(self, post_id: _Optional[str] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListHoldersResponse(_message.Message):
    __slots__ = ["holders"]
    HOLDERS_FIELD_NUMBER: _ClassVar[int]
    holders: _containers.RepeatedCompositeFieldContainer[_responsibility_pb2.Holder]
    def __init__(self, holders: _Optional[_Iterable[_Union[_responsibility_pb2.Holder, _Mapping]]] = ...) -> None: ...

class ListProposalsRequest(_message.Message):
    __slots__ = ["organization_id", "page_size", "page_token", "status"]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    status: _assessment_pb2.ProposalStatus
    def __init__(self, status: _Optional[_Union[_assessment_pb2.ProposalStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class ListProposalsResponse(_message.Message):
    __slots__ = ["next_page_token", "proposals"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    proposals: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Proposal]
    def __init__(self, proposals: _Optional[_Iterable[_Union[_assessment_pb2.Proposal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListResponsibleRequest(_message.Message):
    __slots__ = ["at", "kind", "organization_id"]
    AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    kind: _framework_pb2.ResponsibilityKind
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ..., kind: _Optional[_Union[_framework_pb2.ResponsibilityKind, str]] = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListResponsibleResponse(_message.Message):
    __slots__ = ["holders"]
    HOLDERS_FIELD_NUMBER: _ClassVar[int]
    holders: _containers.RepeatedCompositeFieldContainer[_responsibility_pb2.Holder]
    def __init__(self, holders: _Optional[_Iterable[_Union[_responsibility_pb2.Holder, _Mapping]]] = ...) -> None: ...

class ListResultsRequest(_message.Message):
    __slots__ = ["organization_id", "page_size", "page_token", "run_id"]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    run_id: str
    def __init__(self, run_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class ListResultsResponse(_message.Message):
    __slots__ = ["next_page_token", "results"]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    next_page_token: str
    results: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Result]
    def __init__(self, results: _Optional[_Iterable[_Union[_assessment_pb2.Result, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PutFrameworkRequest(_message.Message):
    __slots__ = ["framework"]
    FRAMEWORK_FIELD_NUMBER: _ClassVar[int]
    framework: _framework_pb2.Framework
    def __init__(self, framework: _Optional[_Union[_framework_pb2.Framework, _Mapping]] = ...) -> None: ...

class PutFrameworkResponse(_message.Message):
    __slots__ = ["version"]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class PutIndicatorSystemRequest(_message.Message):
    __slots__ = ["system", "triggers"]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    TRIGGERS_FIELD_NUMBER: _ClassVar[int]
    system: _assessment_pb2.IndicatorSystem
    triggers: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Trigger]
    def __init__(self, system: _Optional[_Union[_assessment_pb2.IndicatorSystem, _Mapping]] = ..., triggers: _Optional[_Iterable[_Union[_assessment_pb2.Trigger, _Mapping]]] = ...) -> None: ...

class PutIndicatorSystemResponse(_message.Message):
    __slots__ = ["version"]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class PutPlanRequest(_message.Message):
    __slots__ = ["plan"]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: _lists_pb2.Plan
    def __init__(self, plan: _Optional[_Union[_lists_pb2.Plan, _Mapping]] = ...) -> None: ...

class PutPlanResponse(_message.Message):
    __slots__ = ["version"]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class PutStructureRequest(_message.Message):
    __slots__ = ["at", "dry_run", "rebind", "structure", "successors"]
    class SuccessorsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    AT_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    REBIND_FIELD_NUMBER: _ClassVar[int]
    STRUCTURE_FIELD_NUMBER: _ClassVar[int]
    SUCCESSORS_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    dry_run: bool
    rebind: bool
    structure: _structure_pb2.Structure
    successors: _containers.ScalarMap[str, str]
    def __init__(self, structure: _Optional[_Union[_structure_pb2.Structure, _Mapping]] = ..., rebind: bool = ..., successors: _Optional[_Mapping[str, str]] = ..., dry_run: bool = ..., at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PutStructureResponse(_message.Message):
    __slots__ = ["impact", "version"]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    impact: StructureImpact
    version: int
    def __init__(self, version: _Optional[int] = ..., impact: _Optional[_Union[StructureImpact, _Mapping]] = ...) -> None: ...

class RecordFindingsRequest(_message.Message):
    __slots__ = ["findings", "replace_versions"]
    class ReplaceVersionsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    REPLACE_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    findings: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Finding]
    replace_versions: _containers.ScalarMap[str, int]
    def __init__(self, findings: _Optional[_Iterable[_Union[_supervision_pb2.Finding, _Mapping]]] = ..., replace_versions: _Optional[_Mapping[str, int]] = ...) -> None: ...

class RecordFindingsResponse(_message.Message):
    __slots__ = ["recorded", "versions"]
    class VersionsEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    recorded: int
    versions: _containers.ScalarMap[str, int]
    def __init__(self, recorded: _Optional[int] = ..., versions: _Optional[_Mapping[str, int]] = ...) -> None: ...

class RecordProgressRequest(_message.Message):
    __slots__ = ["records"]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[_lists_pb2.ProgressRecord]
    def __init__(self, records: _Optional[_Iterable[_Union[_lists_pb2.ProgressRecord, _Mapping]]] = ...) -> None: ...

class RecordProgressResponse(_message.Message):
    __slots__ = ["assignments"]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[_lists_pb2.Assignment]
    def __init__(self, assignments: _Optional[_Iterable[_Union[_lists_pb2.Assignment, _Mapping]]] = ...) -> None: ...

class RedactEvidenceRequest(_message.Message):
    __slots__ = ["assignment_id", "case_id", "reason", "refs"]
    ASSIGNMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REFS_FIELD_NUMBER: _ClassVar[int]
    assignment_id: str
    case_id: str
    reason: str
    refs: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, assignment_id: _Optional[str] = ..., case_id: _Optional[str] = ..., refs: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ...) -> None: ...

class RedactEvidenceResponse(_message.Message):
    __slots__ = ["assignment", "case", "removed"]
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    assignment: _lists_pb2.Assignment
    case: _supervision_pb2.SupervisionCase
    removed: int
    def __init__(self, removed: _Optional[int] = ..., assignment: _Optional[_Union[_lists_pb2.Assignment, _Mapping]] = ..., case: _Optional[_Union[_supervision_pb2.SupervisionCase, _Mapping]] = ...) -> None: ...

class RuleIssue(_message.Message):
    __slots__ = ["column", "line", "message", "message_zh"]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ZH_FIELD_NUMBER: _ClassVar[int]
    column: int
    line: int
    message: str
    message_zh: str
    def __init__(self, line: _Optional[int] = ..., column: _Optional[int] = ..., message: _Optional[str] = ..., message_zh: _Optional[str] = ...) -> None: ...

class RunAssessmentRequest(_message.Message):
    __slots__ = ["facts", "period", "request_records_only", "reviews", "system_id"]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_RECORDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_ID_FIELD_NUMBER: _ClassVar[int]
    facts: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.UnitFacts]
    period: _common_pb2.Period
    request_records_only: bool
    reviews: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Review]
    system_id: str
    def __init__(self, system_id: _Optional[str] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., facts: _Optional[_Iterable[_Union[_assessment_pb2.UnitFacts, _Mapping]]] = ..., reviews: _Optional[_Iterable[_Union[_assessment_pb2.Review, _Mapping]]] = ..., request_records_only: bool = ...) -> None: ...

class RunAssessmentResponse(_message.Message):
    __slots__ = ["generation", "period", "proposal_ids", "proposals", "ran_at", "ran_by", "rules_digest", "run_id", "system_id", "system_version", "trigger_diagnostics", "unit_diagnostics", "units", "units_with_diagnostics"]
    GENERATION_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_IDS_FIELD_NUMBER: _ClassVar[int]
    RAN_AT_FIELD_NUMBER: _ClassVar[int]
    RAN_BY_FIELD_NUMBER: _ClassVar[int]
    RULES_DIGEST_FIELD_NUMBER: _ClassVar[int]
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_ID_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_VERSION_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_DIAGNOSTICS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    UNITS_WITH_DIAGNOSTICS_FIELD_NUMBER: _ClassVar[int]
    UNIT_DIAGNOSTICS_FIELD_NUMBER: _ClassVar[int]
    generation: int
    period: _common_pb2.Period
    proposal_ids: _containers.RepeatedScalarFieldContainer[str]
    proposals: int
    ran_at: _timestamp_pb2.Timestamp
    ran_by: str
    rules_digest: str
    run_id: str
    system_id: str
    system_version: str
    trigger_diagnostics: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Diagnostic]
    unit_diagnostics: _containers.RepeatedCompositeFieldContainer[_assessment_pb2.Diagnostic]
    units: int
    units_with_diagnostics: int
    def __init__(self, run_id: _Optional[str] = ..., units: _Optional[int] = ..., units_with_diagnostics: _Optional[int] = ..., proposals: _Optional[int] = ..., period: _Optional[_Union[_common_pb2.Period, _Mapping]] = ..., system_id: _Optional[str] = ..., system_version: _Optional[str] = ..., rules_digest: _Optional[str] = ..., ran_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., ran_by: _Optional[str] = ..., generation: _Optional[int] = ..., proposal_ids: _Optional[_Iterable[str]] = ..., trigger_diagnostics: _Optional[_Iterable[_Union[_assessment_pb2.Diagnostic, _Mapping]]] = ..., unit_diagnostics: _Optional[_Iterable[_Union[_assessment_pb2.Diagnostic, _Mapping]]] = ...) -> None: ...

class SetProposalStatusRequest(_message.Message):
    __slots__ = ["note", "proposal_id", "status"]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    note: str
    proposal_id: str
    status: _assessment_pb2.ProposalStatus
    def __init__(self, proposal_id: _Optional[str] = ..., status: _Optional[_Union[_assessment_pb2.ProposalStatus, str]] = ..., note: _Optional[str] = ...) -> None: ...

class SetProposalStatusResponse(_message.Message):
    __slots__ = ["proposal"]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    proposal: _assessment_pb2.Proposal
    def __init__(self, proposal: _Optional[_Union[_assessment_pb2.Proposal, _Mapping]] = ...) -> None: ...

class StructureImpact(_message.Message):
    __slots__ = ["more_orphaned", "more_rebound", "orphaned", "rebound"]
    MORE_ORPHANED_FIELD_NUMBER: _ClassVar[int]
    MORE_REBOUND_FIELD_NUMBER: _ClassVar[int]
    ORPHANED_FIELD_NUMBER: _ClassVar[int]
    REBOUND_FIELD_NUMBER: _ClassVar[int]
    more_orphaned: int
    more_rebound: int
    orphaned: _containers.RepeatedCompositeFieldContainer[ValidationProblem]
    rebound: _containers.RepeatedCompositeFieldContainer[ValidationProblem]
    def __init__(self, orphaned: _Optional[_Iterable[_Union[ValidationProblem, _Mapping]]] = ..., rebound: _Optional[_Iterable[_Union[ValidationProblem, _Mapping]]] = ..., more_orphaned: _Optional[int] = ..., more_rebound: _Optional[int] = ...) -> None: ...

class TransitionCaseRequest(_message.Message):
    __slots__ = ["case_id", "evidence", "measures", "note", "to"]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    MEASURES_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    evidence: _containers.RepeatedCompositeFieldContainer[_common_pb2.Evidence]
    measures: _containers.RepeatedScalarFieldContainer[str]
    note: str
    to: _supervision_pb2.CaseState
    def __init__(self, case_id: _Optional[str] = ..., to: _Optional[_Union[_supervision_pb2.CaseState, str]] = ..., note: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[_common_pb2.Evidence, _Mapping]]] = ..., measures: _Optional[_Iterable[str]] = ...) -> None: ...

class TransitionCaseResponse(_message.Message):
    __slots__ = ["case"]
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _supervision_pb2.SupervisionCase
    def __init__(self, case: _Optional[_Union[_supervision_pb2.SupervisionCase, _Mapping]] = ...) -> None: ...

class UnitChange(_message.Message):
    __slots__ = ["new_grade_id", "new_rank", "new_score", "old_grade_id", "old_rank", "old_score", "unit_id"]
    NEW_GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_RANK_FIELD_NUMBER: _ClassVar[int]
    NEW_SCORE_FIELD_NUMBER: _ClassVar[int]
    OLD_GRADE_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_RANK_FIELD_NUMBER: _ClassVar[int]
    OLD_SCORE_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    new_grade_id: str
    new_rank: int
    new_score: str
    old_grade_id: str
    old_rank: int
    old_score: str
    unit_id: str
    def __init__(self, unit_id: _Optional[str] = ..., old_score: _Optional[str] = ..., new_score: _Optional[str] = ..., old_grade_id: _Optional[str] = ..., new_grade_id: _Optional[str] = ..., old_rank: _Optional[int] = ..., new_rank: _Optional[int] = ...) -> None: ...

class ValidationProblem(_message.Message):
    __slots__ = ["code", "column", "field", "id", "line", "message", "message_en", "message_zh", "name", "path", "record"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_EN_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ZH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    code: str
    column: int
    field: str
    id: str
    line: int
    message: str
    message_en: str
    message_zh: str
    name: str
    path: str
    record: str
    def __init__(self, record: _Optional[str] = ..., id: _Optional[str] = ..., name: _Optional[str] = ..., field: _Optional[str] = ..., message: _Optional[str] = ..., code: _Optional[str] = ..., path: _Optional[str] = ..., line: _Optional[int] = ..., column: _Optional[int] = ..., message_zh: _Optional[str] = ..., message_en: _Optional[str] = ...) -> None: ...

class RuleKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
