package server_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/frameworks"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

// storedAssignments decodes every stored assignment.
func storedAssignments(t *testing.T, c *city) []*zerenv1.Assignment {
	t.Helper()
	var out []*zerenv1.Assignment
	for _, r := range c.store.Snapshot()[server.KindAssignment] {
		a := &zerenv1.Assignment{}
		require.NoError(t, proto.Unmarshal(r.Data, a))
		assert.Equal(t, a.GetOrganizationId(), r.Scope, "assignment %s is scoped to its organisation", a.GetId())
		out = append(out, a)
	}
	return out
}

// storedStructure reads the structure through GetStructure.
func storedStructure(t *testing.T, c *city) (*zerenv1.Structure, int64) {
	t.Helper()
	got, err := c.gw.hierarchy.GetStructure(context.Background(), req(&zerenv1.GetStructureRequest{}))
	require.NoError(t, err)
	return got.Msg.GetStructure(), got.Msg.GetVersion()
}

// noOrphans checks that every stored assignment names an organisation and
// a post of the stored structure.
func noOrphans(t *testing.T, c *city) {
	t.Helper()
	st, _ := storedStructure(t, c)
	orgs, posts := map[string]bool{}, map[string]bool{}
	for _, o := range st.GetOrganizations() {
		orgs[o.GetId()] = true
	}
	for _, p := range st.GetPosts() {
		posts[p.GetId()] = true
	}
	as := storedAssignments(t, c)
	require.Len(t, as, 4589)
	for _, a := range as {
		require.True(t, orgs[a.GetOrganizationId()], "assignment %s points at missing organisation %s", a.GetId(), a.GetOrganizationId())
		require.True(t, posts[a.GetPostId()], "assignment %s points at missing post %s", a.GetId(), a.GetPostId())
	}
}

// renamed is the sample structure with every organisation and post under
// a new id, as an OA export after a migration of its org table.
func renamed() (*zerenv1.Structure, map[string]string) {
	st := sample.Structure()
	succ := map[string]string{}
	for _, o := range st.GetOrganizations() {
		succ[o.GetId()] = "x-" + o.GetId()
		o.Id = "x-" + o.GetId()
		if o.GetParentId() != "" {
			o.ParentId = "x-" + o.GetParentId()
		}
	}
	for _, p := range st.GetPosts() {
		p.Id, p.OrganizationId = "x-"+p.GetId(), "x-"+p.GetOrganizationId()
	}
	for _, a := range st.GetAppointments() {
		a.PostId = "x-" + a.GetPostId()
	}
	return st, succ
}

// TestPutStructureThatWouldOrphanAssignmentsIsRefused is the regression
// of PutStructure answering 200 while leaving all 4,589 assignments of
// 2026 pointing at organisations that no longer existed.
func TestPutStructureThatWouldOrphanAssignmentsIsRefused(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	st, succ := renamed()
	ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error {
		_, err := c.gw.hierarchy.PutStructure(ctx, req(&zerenv1.PutStructureRequest{Structure: st}))
		return err
	})
	assert.Contains(t, ce.Message(), "将使 4589 条记录")
	assert.Contains(t, ce.Message(), "would leave 4589 record(s)")
	ps := problems(t, ce)
	require.Len(t, ps, 100, "details are capped; the message counts them all")
	assert.Equal(t, "assignment", ps[0].GetRecord())
	assert.Equal(t, "organization_id", ps[0].GetField())
	assert.NotEmpty(t, ps[0].GetName(), "the task names the assignment")
	assert.Regexp(t, `^党组织“.*”（中共.*）已不存在.*（organisation ".*" is removed`, ps[0].GetMessage())

	// The preview says the same without an error.
	prev, err := c.gw.hierarchy.PutStructure(ctx, req(&zerenv1.PutStructureRequest{Structure: st, DryRun: true}))
	require.NoError(t, err)
	assert.Len(t, prev.Msg.GetImpact().GetOrphaned(), 1000)
	assert.Equal(t, int32(4589-1000), prev.Msg.GetImpact().GetMoreOrphaned())

	// Successors without rebind still refuse, listing what rebind would move.
	c.unchanged(t, connect.CodeFailedPrecondition, func() error {
		_, err := c.gw.hierarchy.PutStructure(ctx, req(&zerenv1.PutStructureRequest{Structure: st, Successors: succ}))
		return err
	})
	// With rebind, every assignment follows its organisation.
	done, err := c.gw.hierarchy.PutStructure(ctx, req(&zerenv1.PutStructureRequest{Structure: st, Successors: succ, Rebind: true}))
	require.NoError(t, err)
	assert.Empty(t, done.Msg.GetImpact().GetOrphaned())
	// Each moves to its organisation's successor; some also to a new holder
	// (the sample's rotations of 2026-07-01), listed once for each move.
	assert.GreaterOrEqual(t, len(done.Msg.GetImpact().GetRebound())+int(done.Msg.GetImpact().GetMoreRebound()), 4589)
	noOrphans(t, c)
}

func TestStructureChangesAreTheWorkCommittees(t *testing.T) {
	t.Parallel()
	c := newCity(t, false)
	ctx := context.Background()
	_, err := c.cz.hierarchy.ChangeStructure(ctx, req(&zerenv1.ChangeStructureRequest{Changes: []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_PutOrganization{PutOrganization: &zerenv1.Organization{Id: "czj-b9", Name: "第九支部", LevelId: "branch", ParentId: "czj-oc", UnitId: "czj"}}},
	}}))
	assert.Equal(t, connect.CodePermissionDenied, codeOf(err), "a branch may not rewrite the structure, not even in its own subtree")
	_, err = c.cz.hierarchy.GetStructure(ctx, req(&zerenv1.GetStructureRequest{}))
	assert.Equal(t, connect.CodePermissionDenied, codeOf(err), "nor read the whole of it")
}

func TestChangeStructureReportsEveryProblemOfTheChanges(t *testing.T) {
	t.Parallel()
	c := newCity(t, false)
	ce := c.unchanged(t, connect.CodeInvalidArgument, func() error {
		_, err := c.gw.hierarchy.ChangeStructure(context.Background(), req(&zerenv1.ChangeStructureRequest{Changes: []*zerenv1.StructureChange{
			{Change: &zerenv1.StructureChange_EndAppointment{EndAppointment: &zerenv1.EndAppointment{AppointmentId: "nope", End: timestamppb.New(sample.RotationDate)}}},
			{Change: &zerenv1.StructureChange_PutPost{PutPost: &zerenv1.Post{Id: "czj-b1-x", OrganizationId: "nowhere", PostKindId: "branch-secretary"}}},
		}}))
		return err
	})
	ps := problems(t, ce)
	require.Len(t, ps, 2)
	assert.Equal(t, []string{"change", "#1", "end_appointment.appointment_id"}, []string{ps[0].GetRecord(), ps[0].GetId(), ps[0].GetField()})
	assert.Equal(t, "任职“nope”不存在", ps[0].GetMessage(), "Chinese by default")
	assert.Equal(t, "任职“nope”不存在", ps[0].GetMessageZh())
	assert.Equal(t, "appointment \"nope\" does not exist", ps[0].GetMessageEn())
	assert.Equal(t, []string{"post", "czj-b1-x", "organization_id"}, []string{ps[1].GetRecord(), ps[1].GetId(), ps[1].GetField()})
	_, err := c.gw.hierarchy.ChangeStructure(context.Background(), req(&zerenv1.ChangeStructureRequest{ExpectVersion: 99,
		Changes: []*zerenv1.StructureChange{{Change: &zerenv1.StructureChange_PutPerson{PutPerson: &zerenv1.Person{Id: "p-new", Name: "钱伟"}}}}}))
	assert.Equal(t, connect.CodeAborted, codeOf(err), "a stale diff is refused")
}

// holder returns the appointment holding a post on a day.
func holder(t *testing.T, st *zerenv1.Structure, post string, at time.Time) *zerenv1.Appointment {
	t.Helper()
	for _, a := range st.GetAppointments() {
		if a.GetPostId() == post && a.GetKind() != zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED &&
			!a.GetStart().AsTime().After(at) && (a.GetEnd() == nil || a.GetEnd().AsTime().After(at)) {
			return a
		}
	}
	require.FailNow(t, "nobody holds "+post)
	return nil
}

func TestARotationPreviewedThenRecordedMovesTheOpenAssignments(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	st, v := storedStructure(t, c)
	at := sample.RotationDate // the server's today
	old := holder(t, st, "czj-b1-sec", at.Add(-time.Hour))
	rot := &zerenv1.ChangeStructureRequest{ExpectVersion: v, Rebind: true, DryRun: true, Changes: []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_PutPerson{PutPerson: &zerenv1.Person{Id: "p-rot", Name: "钱伟", Position: "副处长"}}},
		{Change: &zerenv1.StructureChange_Rotation{Rotation: &zerenv1.Rotation{AppointmentId: old.GetId(), At: timestamppb.New(at),
			Next: &zerenv1.Appointment{Id: "a-rot", PersonId: "p-rot", Document: "财党组〔2026〕12号"}}}},
	}}
	before := c.store.Snapshot()
	prev, err := c.gw.hierarchy.ChangeStructure(ctx, req(rot))
	require.NoError(t, err)
	assert.Equal(t, before, c.store.Snapshot(), "a preview writes nothing")
	assert.Equal(t, v, prev.Msg.GetVersion())
	// Rebinding moves every open assignment whose post changed holder by
	// today: those of 第一支部书记 to 钱伟, and those of the sample's own
	// rotations on 2026-07-01 that no decomposition has recorded yet.
	rebound := prev.Msg.GetImpact().GetRebound()
	var toRot int
	for _, p := range rebound {
		assert.Equal(t, "assignment", p.GetRecord())
		if strings.Contains(p.GetMessage(), `改由“p-rot”承担`) {
			toRot++
		}
	}
	require.Positive(t, toRot)
	assert.Empty(t, prev.Msg.GetImpact().GetOrphaned())

	rot.DryRun = false
	done, err := c.gw.hierarchy.ChangeStructure(ctx, req(rot))
	require.NoError(t, err)
	assert.Greater(t, done.Msg.GetVersion(), v)
	assert.Len(t, done.Msg.GetImpact().GetRebound(), len(rebound))
	moved := map[string]bool{}
	for _, p := range rebound {
		moved[p.GetId()] = true
	}
	var atPost int
	for _, a := range storedAssignments(t, c) {
		if !moved[a.GetId()] || a.GetPostId() != "czj-b1-sec" {
			continue
		}
		atPost++
		assert.Equal(t, "p-rot", a.GetPersonId())
		assert.Equal(t, "a-rot", a.GetAppointmentId())
		require.NotEmpty(t, a.GetHandovers())
		ho := a.GetHandovers()[len(a.GetHandovers())-1]
		assert.Equal(t, old.GetPersonId(), ho.GetFromPersonId())
		assert.True(t, ho.GetAt().AsTime().Equal(at))
	}
	assert.Equal(t, toRot, atPost)
	hs, err := c.gw.hierarchy.ListHolders(ctx, req(&zerenv1.ListHoldersRequest{PostId: "czj-b1-sec", At: timestamppb.New(at)}))
	require.NoError(t, err)
	require.Len(t, hs.Msg.GetHolders(), 1)
	assert.Equal(t, "钱伟", hs.Msg.GetHolders()[0].GetPersonName())
}

func TestANewBranchIsAddedWithItsSecretary(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	resp, err := c.gw.hierarchy.ChangeStructure(ctx, req(&zerenv1.ChangeStructureRequest{Changes: []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_PutOrganization{PutOrganization: &zerenv1.Organization{Id: "czj-b9", Name: "中共示例市财政局机关第九支部委员会", ShortName: "财政局九支部", LevelId: "branch", ParentId: "czj-oc", UnitId: "czj", MemberCount: 12}}},
		{Change: &zerenv1.StructureChange_PutPost{PutPost: &zerenv1.Post{Id: "czj-b9-sec", OrganizationId: "czj-b9", PostKindId: "branch-secretary"}}},
		{Change: &zerenv1.StructureChange_PutPerson{PutPerson: &zerenv1.Person{Id: "p-b9", Name: "孔亮"}}},
		{Change: &zerenv1.StructureChange_PutAppointment{PutAppointment: &zerenv1.Appointment{Id: "a-b9", PersonId: "p-b9", PostId: "czj-b9-sec",
			Kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, Start: timestamppb.New(sample.RotationDate)}}},
	}}))
	require.NoError(t, err)
	assert.Empty(t, resp.Msg.GetImpact().GetOrphaned())
	chain, err := c.cz.hierarchy.GetChain(ctx, req(&zerenv1.GetChainRequest{OrganizationId: "czj-b9"}))
	require.NoError(t, err, "the branch token of 市财政局 sees its new branch")
	require.Len(t, chain.Msg.GetLinks(), 3)
	noOrphans(t, c)
}

func TestARemovedBranchWithOpenWorkIsRefusedThenRebound(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	ctx := context.Background()
	// Open work at 第二支部: its assignments, an open case and a pending
	// proposal (stored as the supervision and assessment calls store them).
	kase := &zerenv1.SupervisionCase{Id: "case-b2", Title: "关于财政局二支部主题党日超期未开展的督办通知", OrganizationId: "czj-b2", LeadUnitId: "gw",
		State: zerenv1.CaseState_CASE_STATE_RECTIFYING}
	prop := &zerenv1.Proposal{Id: "prop-b2", TriggerId: "t-overdue", UnitId: "czj", OrganizationId: "czj-b2",
		Status: zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED, Measure: zerenv1.AccountabilityMeasure_ACCOUNTABILITY_MEASURE_INSPECTION}
	cd, err := proto.Marshal(kase)
	require.NoError(t, err)
	pd, err := proto.Marshal(prop)
	require.NoError(t, err)
	require.NoError(t, c.store.Apply(ctx, "test", []server.Change{
		{Kind: server.KindCase, ID: kase.GetId(), Scope: "czj-b2", Data: cd},
		{Kind: server.KindProposal, ID: prop.GetId(), Scope: "czj-b2", Data: pd},
	}))
	var atB2 int
	for _, a := range storedAssignments(t, c) {
		if a.GetOrganizationId() == "czj-b2" {
			atB2++
		}
	}
	require.Positive(t, atB2)

	st, _ := storedStructure(t, c)
	var changes []*zerenv1.StructureChange
	for _, a := range st.GetAppointments() {
		if strings.HasPrefix(a.GetPostId(), "czj-b2-") {
			changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveAppointmentId{RemoveAppointmentId: a.GetId()}})
		}
	}
	for _, p := range st.GetPosts() {
		if p.GetOrganizationId() == "czj-b2" {
			changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemovePostId{RemovePostId: p.GetId()}})
		}
	}
	changes = append(changes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveOrganizationId{RemoveOrganizationId: "czj-b2"}})
	rm := &zerenv1.ChangeStructureRequest{Changes: changes}

	ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error {
		_, err := c.gw.hierarchy.ChangeStructure(ctx, req(rm))
		return err
	})
	ps := problems(t, ce)
	require.Len(t, ps, atB2+2)
	byRecord := map[string][]*zerenv1.ValidationProblem{}
	for _, p := range ps {
		byRecord[p.GetRecord()] = append(byRecord[p.GetRecord()], p)
	}
	assert.Len(t, byRecord["assignment"], atB2)
	require.Len(t, byRecord["case"], 1)
	assert.Equal(t, kase.GetTitle(), byRecord["case"][0].GetName(), "named by id and title")
	assert.Contains(t, byRecord["case"][0].GetMessage(), `党组织“czj-b2”（中共示例市财政局机关第二支部委员会）已不存在`)
	require.Len(t, byRecord["proposal"], 1)
	assert.Equal(t, "prop-b2", byRecord["proposal"][0].GetId())

	// Rebound into 第一支部.
	rm.Rebind, rm.Successors = true, map[string]string{"czj-b2": "czj-b1"}
	rm.DryRun = true
	prev, err := c.gw.hierarchy.ChangeStructure(ctx, req(rm))
	require.NoError(t, err)
	assert.Empty(t, prev.Msg.GetImpact().GetOrphaned())
	assert.GreaterOrEqual(t, len(prev.Msg.GetImpact().GetRebound()), atB2+2)
	rm.DryRun = false
	_, err = c.gw.hierarchy.ChangeStructure(ctx, req(rm))
	require.NoError(t, err)
	noOrphans(t, c)
	var atB1 int
	for _, a := range storedAssignments(t, c) {
		if a.GetOrganizationId() == "czj-b1" {
			atB1++
			assert.Equal(t, "czj-b1-sec", a.GetPostId())
		}
	}
	assert.GreaterOrEqual(t, atB1, 2*atB2)
	snap := c.store.Snapshot()
	got := &zerenv1.SupervisionCase{}
	require.NoError(t, proto.Unmarshal(snap[server.KindCase]["case-b2"].Data, got))
	assert.Equal(t, "czj-b1", got.GetOrganizationId())
	assert.Equal(t, "czj-b1", snap[server.KindCase]["case-b2"].Scope)
	gp := &zerenv1.Proposal{}
	require.NoError(t, proto.Unmarshal(snap[server.KindProposal]["prop-b2"].Data, gp))
	assert.Equal(t, "czj-b1", gp.GetOrganizationId())
	cases, err := c.cz.supervision.ListCases(ctx, req(&zerenv1.ListCasesRequest{OrganizationId: "czj-b1"}))
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(cases.Msg.GetCases(), func(k *zerenv1.SupervisionCase) bool { return k.GetId() == "case-b2" }))
}

// BenchmarkChangeStructurePreview measures a previewed rotation over
// loopback with 示例市's 4,589 assignments stored: the whole-structure
// validation, the check of every assignment, case and proposal, and the
// rebinding of the open ones, reported per stored assignment.
func BenchmarkChangeStructurePreview(b *testing.B) {
	c := newCity(b, true)
	ctx := context.Background()
	got, err := c.gw.hierarchy.GetStructure(ctx, req(&zerenv1.GetStructureRequest{}))
	require.NoError(b, err)
	var old string
	for _, a := range got.Msg.GetStructure().GetAppointments() {
		if a.GetPostId() == "czj-b1-sec" && a.GetEnd() == nil {
			old = a.GetId()
		}
	}
	m := &zerenv1.ChangeStructureRequest{DryRun: true, Rebind: true, Changes: []*zerenv1.StructureChange{
		{Change: &zerenv1.StructureChange_PutPerson{PutPerson: &zerenv1.Person{Id: "p-rot", Name: "钱伟"}}},
		{Change: &zerenv1.StructureChange_Rotation{Rotation: &zerenv1.Rotation{AppointmentId: old, At: timestamppb.New(sample.RotationDate),
			Next: &zerenv1.Appointment{Id: "a-rot", PersonId: "p-rot"}}}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.gw.hierarchy.ChangeStructure(ctx, req(m)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4589, "ns/assignment")
}

// TestLoadStructureRefusesToOrphanStoredWork: an OA that reloads its
// structure at start-up through the Go API gets the same refusal as
// PutStructure, and the store is left as it was.
func TestLoadStructureRefusesToOrphanStoredWork(t *testing.T) {
	t.Parallel()
	c := newCity(t, true)
	srv, err := server.New(c.store, server.WithAuthenticator(server.StaticTokens{}), server.WithLocation(sample.Location),
		server.WithClock(func() time.Time { return sample.RotationDate }))
	require.NoError(t, err)
	st, _ := renamed()
	ce := c.unchanged(t, connect.CodeFailedPrecondition, func() error {
		return srv.LoadStructure(context.Background(), "oa-startup", frameworks.SanjiWugang(), st)
	})
	assert.Len(t, problems(t, ce), 100)
	require.NoError(t, srv.LoadStructure(context.Background(), "oa-startup", frameworks.SanjiWugang(), sample.Structure()),
		"reloading the same structure orphans nothing")
}

// Errors follow the caller's Accept-Language: Chinese unless English comes
// first; both languages are in every detail whatever was asked.
func TestErrorsFollowAcceptLanguage(t *testing.T) {
	t.Parallel()
	c := newCity(t, false)
	call := func(lang string) *connect.Error {
		r := req(&zerenv1.ChangeStructureRequest{Changes: []*zerenv1.StructureChange{
			{Change: &zerenv1.StructureChange_EndAppointment{EndAppointment: &zerenv1.EndAppointment{AppointmentId: "nope", End: timestamppb.New(sample.RotationDate)}}},
		}})
		if lang != "" {
			r.Header().Set("Accept-Language", lang)
		}
		_, err := c.gw.hierarchy.ChangeStructure(context.Background(), r)
		var ce *connect.Error
		require.ErrorAs(t, err, &ce)
		return ce
	}
	for _, tt := range []struct{ header, message, detail string }{
		{"", "输入中有 1 处问题", `任职“nope”不存在`},
		{"zh-CN,zh;q=0.9,en;q=0.8", "输入中有 1 处问题", `任职“nope”不存在`},
		{"en-US,en;q=0.9", "1 problem(s) in the input", `appointment "nope" does not exist`},
		{"fr, en;q=0.5", "1 problem(s) in the input", `appointment "nope" does not exist`},
	} {
		ce := call(tt.header)
		assert.Equal(t, connect.CodeInvalidArgument, ce.Code())
		assert.Contains(t, ce.Message(), tt.message, "Accept-Language %q", tt.header)
		ps := problems(t, ce)
		require.Len(t, ps, 1)
		assert.Equal(t, tt.detail, ps[0].GetMessage(), "Accept-Language %q", tt.header)
		assert.Equal(t, `任职“nope”不存在`, ps[0].GetMessageZh())
		assert.Equal(t, `appointment "nope" does not exist`, ps[0].GetMessageEn())
		assert.Equal(t, "dangling_reference", ps[0].GetCode())
	}
}
