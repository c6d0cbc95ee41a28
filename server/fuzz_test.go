package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/sample"
)

// procedures are every RPC the server serves, with a request that makes
// sense for it, as fuzz seeds.
var procedures = []struct {
	path string
	seed proto.Message
}{
	{zerenv1connect.HierarchyServicePutStructureProcedure, &zerenv1.PutStructureRequest{Structure: &zerenv1.Structure{FrameworkId: "sanji-wugang"}}},
	{zerenv1connect.HierarchyServiceGetChainProcedure, &zerenv1.GetChainRequest{OrganizationId: "czj-b1"}},
	{zerenv1connect.HierarchyServiceListHoldersProcedure, &zerenv1.ListHoldersRequest{PostId: "czj-pg-sec"}},
	{zerenv1connect.HierarchyServiceListResponsibleProcedure, &zerenv1.ListResponsibleRequest{OrganizationId: "czj-pg", Kind: 1}},
	{zerenv1connect.HierarchyServiceGetCoverageProcedure, &zerenv1.GetCoverageRequest{PageSize: 3}},
	{zerenv1connect.HierarchyServiceGetLiabilityProcedure, &zerenv1.GetLiabilityRequest{OrganizationId: "czj-b1", At: day(2026, 3, 1)}},
	{zerenv1connect.ChecklistServicePutPlanProcedure, &zerenv1.PutPlanRequest{Plan: &zerenv1.Plan{Id: "2027", Year: 2027}}},
	{zerenv1connect.ChecklistServiceDecomposeProcedure, &zerenv1.DecomposeRequest{PlanId: sample.PlanID}},
	{zerenv1connect.ChecklistServiceListAssignmentsProcedure, &zerenv1.ListAssignmentsRequest{TaskId: "T01", Period: jan2026, PageSize: 2}},
	{zerenv1connect.ChecklistServiceRecordProgressProcedure, &zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{progress("T01/czj-pg/2026-M02", 1, day(2026, 2, 3))}}},
	{zerenv1connect.SupervisionServiceGetAgendaProcedure, &zerenv1.GetAgendaRequest{On: overdueDay}},
	{zerenv1connect.SupervisionServiceTransitionCaseProcedure, &zerenv1.TransitionCaseRequest{CaseId: czjCase, To: rectifying}},
	{zerenv1connect.SupervisionServiceListCasesProcedure, &zerenv1.ListCasesRequest{State: 1, PageSize: 2}},
	{zerenv1connect.SupervisionServiceRecordFindingsProcedure, &zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{finding("F-1", "czj-b1")}}},
	{zerenv1connect.SupervisionServiceExtendCaseProcedure, &zerenv1.ExtendCaseRequest{CaseId: czjCase, NewDeadline: day(2026, 3, 10), Reason: "顺延"}},
	{zerenv1connect.AssessmentServiceCheckRuleProcedure, &zerenv1.CheckRuleRequest{Source: "1 + 1", Kind: 2}},
	{zerenv1connect.AssessmentServicePutIndicatorSystemProcedure, &zerenv1.PutIndicatorSystemRequest{System: &zerenv1.IndicatorSystem{Id: "x"}}},
	{zerenv1connect.AssessmentServiceRunAssessmentProcedure, &zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026, Facts: sample.Facts2026()[:1]}},
	{zerenv1connect.AssessmentServiceListResultsProcedure, &zerenv1.ListResultsRequest{RunId: runID, PageSize: 2}},
	{zerenv1connect.AssessmentServiceDryRunProcedure, &zerenv1.DryRunRequest{System: &zerenv1.IndicatorSystem{Id: "x"}, RunId: runID}},
	{zerenv1connect.AssessmentServiceListProposalsProcedure, &zerenv1.ListProposalsRequest{Status: 1}},
	{zerenv1connect.AssessmentServiceSetProposalStatusProcedure, &zerenv1.SetProposalStatusRequest{ProposalId: "A1/zjj/2026/p-zjj-01", Status: 2}},
}

// FuzzHandlers posts arbitrary JSON bodies to every RPC, as the 工委 and as
// a branch, over loopback: the server never panics and never answers 5xx,
// except 501 for an RPC it does not implement.
func FuzzHandlers(f *testing.F) {
	c := assessedCity(f)
	run2026(f, c.gw)
	agenda(f, c.gw, overdueDay)
	for i, p := range procedures {
		body, err := protojson.Marshal(p.seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), body, i%2 == 0)
	}
	f.Add(uint8(0), []byte(`{"structure":{"organizations":[{"id":"\u0000"}]}}`), true)
	f.Add(uint8(9), []byte(`{"records":[{"assignmentId":"T01/czj-pg/2026-M01","value":"NaN","at":"2026-01-02T00:00:00Z"}]}`), true)
	f.Add(uint8(10), []byte(`{"on":"9999-12-31T23:59:59Z"}`), true)
	f.Add(uint8(17), []byte(`{"systemId":"sz-2026","period":{"kind":"PERIOD_KIND_MONTH","year":9999,"index":12},"facts":[{"unit":{"id":"gw"}}]}`), true)
	f.Add(uint8(18), []byte(`{"runId":"sz-2026/2026","pageToken":"eyJ0IjoienoiLCJzIjo5OTksImYiOiIifQ"}`), false)
	f.Fuzz(func(t *testing.T, proc uint8, body []byte, admin bool) {
		p := procedures[int(proc)%len(procedures)]
		tok := financeToken
		if admin {
			tok = adminToken
		}
		hr, err := http.NewRequestWithContext(context.Background(), http.MethodPost, c.url+p.path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Authorization", "Bearer "+tok)
		start := time.Now()
		resp, err := http.DefaultClient.Do(hr)
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("%s %q: took %v", p.path, body, d)
		}
		if err != nil {
			t.Fatalf("%s %q: no answer (a panic?): %v", p.path, body, err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
			t.Fatalf("%s %q: HTTP %d: %s", p.path, body, resp.StatusCode, out)
		}
	})
}
