package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// The regression tests of issue 9: what a hostile branch token (市财政局,
// czj) or hostile input could do, over loopback.

// oracle is the formula of the issue: it branches on another unit's facts,
// so that a branch's own score would answer a yes-or-no question about 发改委.
const oracle = `facts.unit.id == "czj" ? 0.5 : (facts.unit.id == "fgw" && size(facts.findings) > 0 ? 1.0 : 0.0)`

func TestDryRunIsNoOracleOnOtherUnits(t *testing.T) {
	t.Parallel()
	c := assessedCity(t)
	ctx := context.Background()
	candidate := sample.IndicatorSystem()
	candidate.Indicators[0].Children[0].Formula = oracle
	ask := func() string {
		_, err := c.cz.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
		require.Error(t, err)
		return connect.CodeOf(err).String() + ": " + asConnect(err).Message()
	}
	// 发改委 without findings, then with: the branch's answer is the same.
	run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) {
		r.RequestRecordsOnly = true
		for _, f := range r.GetFacts() {
			if f.GetUnit().GetId() == "fgw" {
				f.Findings = nil
			}
		}
	})
	without := ask()
	run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) {
		r.RequestRecordsOnly = true
		for _, f := range r.GetFacts() {
			if f.GetUnit().GetId() == "fgw" {
				fd := finding("F-oracle", "fgw-b1")
				f.Findings = append(f.Findings, fd)
			}
		}
	})
	with := ask()
	assert.Equal(t, without, with, "a branch learns nothing of 发改委's findings")
	assert.True(t, strings.HasPrefix(with, "permission_denied: DryRun 仅限机关工委"), with)
	assert.NotContains(t, with, "fgw")

	// The work committee, which sees every unit, still dry-runs.
	r, err := c.gw.assessment.DryRun(ctx, req(&zerenv1.DryRunRequest{System: candidate, RunId: runID}))
	require.NoError(t, err)
	assert.NotEmpty(t, r.Msg.GetChanges())
}

func TestOutsideTheSubtreeAnswersLikeMissing(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	agenda(t, c.gw, overdueDay)
	tests := []struct {
		name             string
		foreign, missing string
		call             func(id string) error
	}{
		{"TransitionCase", fgwCase, "DB-A-T01/nowhere-pg/2026-M01", func(id string) error {
			_, err := c.cz.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{CaseId: id, To: rectifying}))
			return err
		}},
		{"ListHolders", "fgw-pg-sec", "nowhere-pg-sec", func(id string) error {
			_, err := c.cz.hierarchy.ListHolders(ctx, req(&zerenv1.ListHoldersRequest{PostId: id}))
			return err
		}},
		{"GetChain", "fgw-b1", "nowhere-b1", func(id string) error {
			_, err := c.cz.hierarchy.GetChain(ctx, req(&zerenv1.GetChainRequest{OrganizationId: id}))
			return err
		}},
		{"ListResponsible", "fgw-b1", "nowhere-b1", func(id string) error {
			_, err := c.cz.hierarchy.ListResponsible(ctx, req(&zerenv1.ListResponsibleRequest{OrganizationId: id, Kind: zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_PRINCIPAL}))
			return err
		}},
		{"GetLiability", "fgw-b1", "nowhere-b1", func(id string) error {
			_, err := c.cz.hierarchy.GetLiability(ctx, req(&zerenv1.GetLiabilityRequest{OrganizationId: id, At: day(2026, 3, 1)}))
			return err
		}},
		{"ListAssignments", "fgw-pg", "nowhere-pg", func(id string) error {
			_, err := c.cz.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{OrganizationId: id}))
			return err
		}},
		{"ListCases", "fgw-pg", "nowhere-pg", func(id string) error {
			_, err := c.cz.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{OrganizationId: id}))
			return err
		}},
		{"ListProposals", "fgw-pg", "nowhere-pg", func(id string) error {
			_, err := c.cz.assessment.ListProposals(ctx, req(&zerenv1.ListProposalsRequest{OrganizationId: id}))
			return err
		}},
		{"RecordProgress", "T01/fgw-pg/2026-M01", "T01/nowhere-pg/2026-M01", func(id string) error {
			_, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{
				progress(id, 1, day(2026, 1, 20)),
			}}))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer := func(id string) string {
				before := c.store.Snapshot()
				err := tt.call(id)
				require.Error(t, err)
				assert.Equal(t, before, c.store.Snapshot())
				ce := asConnect(err)
				return ce.Code().String() + ": " + strings.ReplaceAll(ce.Message(), id, "ID") + fmt.Sprint(len(ce.Details()))
			}
			foreign := answer(tt.foreign)
			assert.Equal(t, answer(tt.missing), foreign, "another unit's record and a missing one look alike")
			assert.True(t, strings.HasPrefix(foreign, "not_found: "), foreign)
			for _, leak := range []string{"czj", "oa:", "fgw", "subtree of"} {
				assert.NotContains(t, foreign, leak, "the answer names only the id asked")
			}
		})
	}
}

func TestPageTokensAreSealedAndBoundToCallerAndQuery(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	first, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 3, Period: year2026}))
	require.NoError(t, err)
	tok := first.Msg.GetNextPageToken()
	require.NotEmpty(t, tok)
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	require.NoError(t, err)
	for _, clear := range []string{"2026", "T0", "-pg", "czj", "fgw"} {
		assert.NotContains(t, string(raw), clear, "a token reveals nothing of the records")
	}

	next, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 3, Period: year2026, PageToken: tok}))
	require.NoError(t, err, "the same caller and query continue")
	assert.NotEqual(t, first.Msg.GetAssignments()[0].GetId(), next.Msg.GetAssignments()[0].GetId())

	_, err = c.cz.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 3, Period: year2026, PageToken: tok}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "another caller's token is refused")
	_, err = c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 3, PageToken: tok}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "a token of another query is refused")
	forged := base64.RawURLEncoding.EncodeToString([]byte(`{"t":"MjAyNi9UMjE","f":"x"}`))
	_, err = c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{PageSize: 3, Period: year2026, PageToken: forged}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "a forged token is refused")

	cov, err := c.gw.hierarchy.GetCoverage(ctx, req(&zerenv1.GetCoverageRequest{PageSize: 1, At: day(2020, 1, 1)}))
	require.NoError(t, err)
	require.NotEmpty(t, cov.Msg.GetNextPageToken())
	_, err = c.cz.hierarchy.GetCoverage(ctx, req(&zerenv1.GetCoverageRequest{PageSize: 1, At: day(2020, 1, 1), PageToken: cov.Msg.GetNextPageToken()}))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "coverage tokens are bound too")
}

func TestDatesOutsideTheDeclaredRangeAreRefusedBeforeAnyWrite(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	agenda(t, c.gw, overdueDay)
	farFuture := timestamppb.New(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))

	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.supervision.ExtendCase(ctx, req(&zerenv1.ExtendCaseRequest{CaseId: czjCase, NewDeadline: farFuture, Reason: "延期"}))
		return err
	})
	ps := problems(t, ce)
	require.Len(t, ps, 1)
	assert.Equal(t, "new_deadline", ps[0].GetField())
	assert.True(t, strings.HasPrefix(ps[0].GetMessage(), "日期 9999-12-31T23:59:59Z 超出允许范围 1900-01-01 至 2200-12-31"), ps[0].GetMessage())

	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.supervision.GetAgenda(ctx, req(&zerenv1.GetAgendaRequest{On: farFuture}))
		return err
	})
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{Period: &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 1899, Index: 1}}))
		return err
	})
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{{
			Id: "F-old", OrganizationId: "czj-b1", Dimension: zerenv1.Dimension_DIMENSION_POLITICAL, Description: "x",
			FoundAt: timestamppb.New(time.Date(1066, 10, 14, 0, 0, 0, 0, time.UTC)),
		}}}))
		return err
	})

	// Nothing was poisoned: the listings still answer.
	cs, err := c.gw.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{OrganizationId: "czj-pg"}))
	require.NoError(t, err)
	assert.NotEmpty(t, cs.Msg.GetCases())
	_, err = c.gw.checklist.ListAssignments(ctx, req(&zerenv1.ListAssignmentsRequest{OrganizationId: "czj-pg"}))
	require.NoError(t, err)
	ok, err := c.gw.supervision.ExtendCase(ctx, req(&zerenv1.ExtendCaseRequest{CaseId: czjCase, NewDeadline: day(2026, 4, 30), Reason: "延期"}))
	require.NoError(t, err, "a date in the range is extended")
	assert.Equal(t, czjCase, ok.Msg.GetCase().GetId())
}

func TestRecordsAreBounded(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	const id = "T01/czj-pg/2026-M01"
	withEvidence := func(n, titleBytes int) *zerenv1.ProgressRecord {
		r := progress(id, 1, day(2026, 1, 20))
		r.Evidence = nil
		for i := range n {
			r.Evidence = append(r.Evidence, &zerenv1.Evidence{Ref: fmt.Sprintf("oa://doc/%d", i), Title: strings.Repeat("记", titleBytes/3)})
		}
		return r
	}
	record := func(r *zerenv1.ProgressRecord) error {
		_, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{r}}))
		return err
	}

	t.Run("an evidence title over its limit names the record and the field", func(t *testing.T) {
		ce := c.unchanged(t, connect.CodeInvalidArgument, func() error { return record(withEvidence(1, 300_000)) })
		ps := problems(t, ce)
		require.Len(t, ps, 1)
		assert.Equal(t, "Evidence", ps[0].GetRecord())
		assert.Equal(t, "records[0].evidence[0].title", ps[0].GetField())
		assert.True(t, strings.HasPrefix(ps[0].GetMessage(), "长 300000 字节，超过上限 512"), ps[0].GetMessage())
	})

	t.Run("evidence is capped per assignment, and the work committee redacts it", func(t *testing.T) {
		require.NoError(t, record(withEvidence(100, 30)))
		require.NoError(t, record(withEvidence(99, 30)))
		ce := c.unchanged(t, connect.CodeInvalidArgument, func() error { return record(withEvidence(100, 30)) })
		assert.Contains(t, ce.Message(), "超过上限 200")

		c.unchanged(t, connect.CodePermissionDenied, func() error {
			_, err := c.cz.checklist.RedactEvidence(ctx, req(&zerenv1.RedactEvidenceRequest{AssignmentId: id, Reason: "清理"}))
			return err
		})
		c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := c.gw.checklist.RedactEvidence(ctx, req(&zerenv1.RedactEvidenceRequest{AssignmentId: id}))
			return err
		})
		r, err := c.gw.checklist.RedactEvidence(ctx, req(&zerenv1.RedactEvidenceRequest{
			AssignmentId: id, Refs: []string{"oa://doc/1", "oa://doc/2"}, Reason: "与任务无关的材料",
		}))
		require.NoError(t, err)
		assert.Equal(t, int32(4), r.Msg.GetRemoved(), "both reports carried both refs")
		assert.Len(t, r.Msg.GetAssignment().GetEvidence(), 195)
		require.Len(t, r.Msg.GetAssignment().GetRedactions(), 1)
		assert.Contains(t, r.Msg.GetAssignment().GetRedactions()[0], "gongwei-admin removed 4 piece(s)")
		assert.Contains(t, r.Msg.GetAssignment().GetRedactions()[0], "与任务无关的材料")
		require.NoError(t, record(withEvidence(5, 30)), "room again after the redaction")
	})

	t.Run("a case's evidence is redacted too", func(t *testing.T) {
		var caseID string
		for _, o := range agenda(t, c.gw, overdueDay).GetOpened() {
			if strings.HasPrefix(o.GetOrganizationId(), "czj-") {
				caseID = o.GetId()
			}
		}
		require.NotEmpty(t, caseID)
		_, err := c.cz.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{
			CaseId: caseID, To: rectifying, Evidence: []*zerenv1.Evidence{{Ref: "oa://doc/x", Title: "整改报告"}},
		}))
		require.NoError(t, err)
		r, err := c.gw.checklist.RedactEvidence(ctx, req(&zerenv1.RedactEvidenceRequest{CaseId: caseID, Reason: "误传"}))
		require.NoError(t, err)
		assert.Equal(t, int32(1), r.Msg.GetRemoved())
		assert.Empty(t, r.Msg.GetCase().GetRectification().GetEvidence())
		assert.Len(t, r.Msg.GetCase().GetRectification().GetRedactions(), 1)
	})

	t.Run("an indicator system has at most 500 indicators", func(t *testing.T) {
		sys := sample.IndicatorSystem()
		for i := range 501 {
			sys.Indicators = append(sys.Indicators, &zerenv1.Indicator{Id: fmt.Sprint("X", i), Name: "x", MaxPoints: 1, Formula: "1.0"})
		}
		ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
			_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sys}))
			return err
		})
		assert.Equal(t, "system.indicators", problems(t, ce)[0].GetField())
	})
}

func TestAnOversizedUnitIsLeftOutAndTheOthersAreScored(t *testing.T) {
	t.Parallel()
	c := newCity(t, true, server.WithMaxFactsBytes(512<<10))
	ctx := context.Background()
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: sample.Triggers()}))
	require.NoError(t, err)
	run := run2026(t, c.gw, func(r *zerenv1.RunAssessmentRequest) {
		for _, f := range r.GetFacts() {
			if f.GetUnit().GetId() == "fgw" {
				if f.Metrics == nil {
					f.Metrics = map[string]float64{}
				}
				for i := range 2000 {
					f.Metrics[fmt.Sprintf("%0400d", i)] = 1
				}
			}
		}
	})
	require.Len(t, run.GetUnitDiagnostics(), 1)
	d := run.GetUnitDiagnostics()[0]
	assert.Equal(t, "fgw", d.GetRuleId())
	assert.Contains(t, d.GetMessageZh(), "未参加本次考核")
	assert.Equal(t, int32(len(ranking2026)-1), run.GetUnits(), "every other unit is scored")
	got := results(t, c.gw, &zerenv1.ListResultsRequest{RunId: runID})
	assert.Len(t, got, len(ranking2026)-1)
	for _, l := range got {
		assert.NotContains(t, l, " fgw ")
	}
}

func TestProgressIsStampedAndAttributedByTheServer(t *testing.T) {
	t.Parallel()
	// The server's clock says sample.RotationDate; reports may lie at most
	// 72 hours before it, never after.
	c := newCity(t, true, server.WithProgressTolerance(72*time.Hour))
	ctx := context.Background()
	now := sample.RotationDate
	const id = "T01/czj-pg/2026-M06"
	record := func(r *zerenv1.ProgressRecord) (*zerenv1.RecordProgressResponse, error) {
		resp, err := c.cz.checklist.RecordProgress(ctx, req(&zerenv1.RecordProgressRequest{Records: []*zerenv1.ProgressRecord{r}}))
		if err != nil {
			return nil, err
		}
		return resp.Msg, nil
	}
	backdated := progress(id, 1, timestamppb.New(now.Add(-10*24*time.Hour)))
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error { _, err := record(backdated); return err })
	assert.Equal(t, "records[0].at", problems(t, ce)[0].GetField())
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := record(progress(id, 1, timestamppb.New(now.Add(time.Hour))))
		return err
	})
	other := progress(id, 1, timestamppb.New(now.Add(-time.Hour)))
	other.ReportedBy = sample.DelegatedPersonID // a person of 发改委
	ce = c.unchanged(t, connect.CodeInvalidArgument, func() error { _, err := record(other); return err })
	assert.Equal(t, "records[0].reported_by", problems(t, ce)[0].GetField())

	mine := progress(id, 1, nil)
	mine.ReportedBy = ""
	got, err := record(mine)
	require.NoError(t, err)
	a := got.GetAssignments()[0]
	assert.True(t, now.Equal(a.GetReceivedAt().AsTime()), "the server stamps its receipt")
	ev := a.GetEvidence()[len(a.GetEvidence())-1]
	assert.Equal(t, "oa:czj", ev.GetRecordedBy(), "the caller is the reporter")
	assert.True(t, now.Equal(ev.GetRecordedAt().AsTime()), "an unset time is the receipt")
}

func TestRecordFindingsRefusesToOverwriteUnlessVersioned(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	f := finding("F-v", "czj-b1")
	r, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{f}}))
	require.NoError(t, err)
	v := r.Msg.GetVersions()["F-v"]
	require.Positive(t, v)

	edited := finding("F-v", "czj-b1")
	edited.Description = "改写后的问题"
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{edited}}))
		return err
	})
	assert.Contains(t, ce.Message(), "已记录")
	c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{edited}, ReplaceVersions: map[string]int64{"F-v": v + 1}}))
		return err
	})
	r, err = c.gw.supervision.RecordFindings(ctx, req(&zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{edited}, ReplaceVersions: map[string]int64{"F-v": v}}))
	require.NoError(t, err, "an explicit versioned update")
	assert.Equal(t, v+1, r.Msg.GetVersions()["F-v"])
}

// post sends a raw request to GetChain.
func (f *fixture) post(t *testing.T, token, contentType, encoding string, body []byte) (*http.Response, string) {
	t.Helper()
	rq, err := http.NewRequest(http.MethodPost, f.url+"/zeren.v1.HierarchyService/GetChain", bytes.NewReader(body))
	require.NoError(t, err)
	rq.Header.Set("Content-Type", contentType)
	if encoding != "" {
		rq.Header.Set("Content-Encoding", encoding)
	}
	if token != "" {
		rq.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(rq)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestBodiesAreReadOnlyAfterAuthentication(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	resp, body := f.post(t, "", "application/json", "gzip", []byte("this is not gzip at all"))
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "refused before its body is decompressed: %s", body)
	resp, body = f.post(t, "guess", "application/json", "gzip", []byte("this is not gzip at all"))
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, body)

	resp, body = f.post(t, adminToken, "application/json", "gzip", gz(t, []byte(`{"organizationId":"czj-b1"}`)))
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)

	bomb := gz(t, append(append([]byte(`{"organizationId":"czj-b1"`), bytes.Repeat([]byte(" "), 8<<20)...), '}'))
	require.Less(t, len(bomb), 64<<10, "8 MiB of spaces gzip to a few KiB")
	resp, body = f.post(t, adminToken, "application/json", "gzip", bomb)
	assert.NotEqual(t, http.StatusOK, resp.StatusCode, "a body inflating over 100 times is refused: %s", body)
}

func TestUnknownBinaryFieldsAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	good, err := proto.Marshal(&zerenv1.GetChainRequest{OrganizationId: "czj-b1"})
	require.NoError(t, err)
	resp, body := f.post(t, adminToken, "application/proto", "", good)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)

	bad := protowire.AppendTag(append([]byte{}, good...), 99, protowire.BytesType)
	bad = protowire.AppendString(bad, "smuggled")
	resp, body = f.post(t, adminToken, "application/proto", "", bad)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)

	// And over gRPC, through the generated client, a nested unknown field.
	msg := &zerenv1.RecordFindingsRequest{Findings: []*zerenv1.Finding{finding("F-u", "czj-b1")}}
	msg.Findings[0].ProtoReflect().SetUnknown(protowire.AppendVarint(protowire.AppendTag(nil, 77, protowire.VarintType), 1))
	c := clientsFor(f.url, adminToken, connect.WithGRPC())
	_, err = c.supervision.RecordFindings(context.Background(), req(msg))
	assert.Equal(t, connect.CodeInvalidArgument, connect.CodeOf(err), "%v", err)
	assert.Empty(t, f.store.Snapshot()[server.KindFinding])
}

func TestARunStaysWithinTheServersBudget(t *testing.T) {
	t.Parallel()
	c := newCity(t, true, server.WithRunBudget(1000))
	ctx := context.Background()
	_, err := c.gw.assessment.PutIndicatorSystem(ctx, req(&zerenv1.PutIndicatorSystemRequest{System: sample.IndicatorSystem(), Triggers: sample.Triggers()}))
	require.NoError(t, err)
	c.unchanged(t, connect.CodeResourceExhausted, func() error {
		_, err := c.gw.assessment.RunAssessment(ctx, req(&zerenv1.RunAssessmentRequest{SystemId: sample.IndicatorsID, Period: year2026}))
		return err
	})
}

func TestACasesEvidenceIsCapped(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	agenda(t, c.gw, overdueDay)
	evidence := func(from, n int) []*zerenv1.Evidence {
		var out []*zerenv1.Evidence
		for i := range n {
			out = append(out, &zerenv1.Evidence{Ref: fmt.Sprintf("oa://doc/%d", from+i), Title: "整改材料"})
		}
		return out
	}
	move := func(cl clients, to zerenv1.CaseState, ev []*zerenv1.Evidence) error {
		_, err := cl.supervision.TransitionCase(ctx, req(&zerenv1.TransitionCaseRequest{CaseId: czjCase, To: to, Evidence: ev}))
		return err
	}
	require.NoError(t, move(c.cz, rectifying, evidence(0, 100)))
	require.NoError(t, move(c.cz, submitted, evidence(100, 100)))
	require.NoError(t, move(c.gw, zerenv1.CaseState_CASE_STATE_RETURNED, nil))
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error { return move(c.cz, rectifying, evidence(200, 1)) })
	assert.Contains(t, ce.Message(), "督办单")
	assert.Contains(t, ce.Message(), "超过上限 200")
	_, err := c.gw.checklist.RedactEvidence(ctx, req(&zerenv1.RedactEvidenceRequest{CaseId: czjCase, Refs: []string{"oa://doc/0"}, Reason: "重复上传"}))
	require.NoError(t, err)
	require.NoError(t, move(c.cz, rectifying, evidence(200, 1)), "room again after the redaction")
}

// gatedStore holds every read of an indicator system until the gate opens,
// so that a run stays in flight.
type gatedStore struct {
	*server.MemoryStore
	entered chan struct{}
	gate    chan struct{}
}

func (g gatedStore) Get(ctx context.Context, kind, id string) (server.Record, error) {
	if kind == server.KindSystem {
		g.entered <- struct{}{}
		<-g.gate
	}
	return g.MemoryStore.Get(ctx, kind, id)
}

func TestEvaluationsPerCallerAreBounded(t *testing.T) {
	t.Parallel()
	st := gatedStore{server.NewMemoryStore(), make(chan struct{}, 10), make(chan struct{})}
	srv, err := server.New(st, server.WithAuthenticator(server.StaticTokens{adminToken: {Subject: "gongwei-admin"}}),
		server.WithMaxEvaluationsPerCaller(1))
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	gw := clientsFor(hs.URL, adminToken)
	ctx := context.Background()
	runOf := func(ctx context.Context, p *zerenv1.Period) error {
		_, err := gw.assessment.RunAssessment(ctx, req(&zerenv1.RunAssessmentRequest{SystemId: "sz", Period: p}))
		return err
	}
	run := func() error { return runOf(ctx, year2026) }
	first := make(chan error, 1)
	go func() { first <- run() }()
	<-st.entered // the first run holds the caller's one slot
	err = runOf(ctx, &zerenv1.Period{Kind: zerenv1.PeriodKind_PERIOD_KIND_YEAR, Year: 2025})
	assert.Equal(t, connect.CodeResourceExhausted, connect.CodeOf(err), "a run of another period: %v", err)
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	err = runOf(short, year2026)
	assert.Equal(t, connect.CodeDeadlineExceeded, connect.CodeOf(err), "a run of the same period waits for its turn, holding no slot: %v", err)
	_, err = gw.assessment.CheckRule(ctx, req(&zerenv1.CheckRuleRequest{Source: "1.0", Kind: zerenv1.RuleKind_RULE_KIND_NUMBER}))
	assert.Equal(t, connect.CodeResourceExhausted, connect.CodeOf(err), "CheckRule shares the slots")
	close(st.gate)
	assert.Equal(t, connect.CodeNotFound, connect.CodeOf(<-first), "the first run goes on (no system stored)")
	assert.Equal(t, connect.CodeNotFound, connect.CodeOf(run()), "the slot was given back")
}
