// Command nightlysync shows an OA's nightly sync (每日同步) of its
// organisation table into Zeren: each night the OA exports its units,
// Party organisations, posts, people and appointments as a JSON
// zeren.v1.Structure; the sync reads the stored structure (GetStructure),
// computes the changes with responsibility.Diff and applies them through
// ChangeStructure, expecting the version it read. Rotations become
// rotation changes and open assignments follow their posts to the new
// holders (人随岗走, rebind). A branch removed while it still has work —
// assignments, open supervision cases, pending proposals — is refused with
// the list; the OA names the branch it merged into (a successor) and the
// work moves there.
//
//	go run ./examples/nightlysync                      # two months of nightly exports against 示例市, in-process
//	go run ./examples/nightlysync -url http://127.0.0.1:8080/zeren -export org.json -successor gw-b2=gw-b1
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/frameworks"
	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/server"
)

func main() {
	url := flag.String("url", "", "Zeren's base URL; empty runs the two-month simulation against an in-process server with 示例市")
	token := flag.String("token", envOr("ZEREN_ADMIN_TOKEN", "dev-gongwei"), "the work committee's token (structure changes are its own)")
	export := flag.String("export", "", "the OA's org export, a zeren.v1.Structure in JSON or text format (with -url)")
	var succ successorFlag
	flag.Var(&succ, "successor", "old=new: the organisation a removed one merged into (repeatable)")
	dry := flag.Bool("dry-run", false, "preview what the export would change, orphan and rebind; store nothing")
	flag.Parse()
	ctx := context.Background()
	if *url == "" {
		if err := simulate(ctx, os.Stdout); err != nil {
			log.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(*export)
	if err != nil {
		log.Fatal(err)
	}
	st, err := responsibility.ParseStructure(data)
	if err != nil {
		log.Fatal(err)
	}
	c := zerenv1connect.NewHierarchyServiceClient(http.DefaultClient, *url, connect.WithInterceptors(bearer(*token)))
	r, err := Sync(ctx, c, st, Options{Successors: succ, DryRun: *dry})
	fmt.Println(r)
	if err != nil {
		log.Fatal(err)
	}
}

// Options are what an operator adds to a night's export.
type Options struct {
	// Successors maps a removed organisation to the one it merged into.
	Successors map[string]string
	// DryRun previews without storing.
	DryRun bool
}

// Report is what one sync did.
type Report struct {
	// Changes by kind ("rotation", "put_organization", …).
	Changes map[string]int
	// Version is the stored structure's version afterwards.
	Version int64
	// Impact is what the changes orphaned or moved.
	Impact *zerenv1.StructureImpact
}

// String summarises the report on one line.
func (r Report) String() string {
	if len(r.Changes) == 0 {
		return fmt.Sprintf("无变化（no changes）, version %d", r.Version)
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r.Changes)) {
		parts = append(parts, fmt.Sprintf("%s×%d", k, r.Changes[k]))
	}
	s := fmt.Sprintf("%s → version %d", strings.Join(parts, " "), r.Version)
	if im := r.Impact; im != nil {
		s += fmt.Sprintf("; rebound %d, orphaned %d", len(im.GetRebound())+int(im.GetMoreRebound()), len(im.GetOrphaned())+int(im.GetMoreOrphaned()))
	}
	return s
}

// Sync brings the stored structure to the export: it reads the stored
// structure, diffs it against the export (responsibility.Diff) and applies
// the changes through ChangeStructure with rebinding, expecting the
// version it read. A refusal (FAILED_PRECONDITION, records that would be
// orphaned) is returned as the error, with the report's Impact listing
// them from the error's details.
func Sync(ctx context.Context, c zerenv1connect.HierarchyServiceClient, export *zerenv1.Structure, o Options) (Report, error) {
	cur, err := c.GetStructure(ctx, connect.NewRequest(&zerenv1.GetStructureRequest{}))
	if err != nil {
		return Report{}, err
	}
	stored := cur.Msg.GetStructure()
	r := Report{Version: cur.Msg.GetVersion(), Changes: map[string]int{}}
	if export.GetFrameworkId() != stored.GetFrameworkId() {
		return r, fmt.Errorf("导出的组织结构属于框架“%s”，已存的属于“%s”（the export follows framework %q, the stored structure %q）",
			problem.Printable(export.GetFrameworkId()), stored.GetFrameworkId(), export.GetFrameworkId(), stored.GetFrameworkId())
	}
	changes := responsibility.Diff(stored, export)
	for _, ch := range changes {
		m := ch.ProtoReflect()
		r.Changes[string(m.WhichOneof(m.Descriptor().Oneofs().ByName("change")).Name())]++
	}
	if len(changes) == 0 {
		return r, nil
	}
	resp, err := c.ChangeStructure(ctx, connect.NewRequest(&zerenv1.ChangeStructureRequest{
		Changes: changes, ExpectVersion: r.Version, Rebind: true, Successors: o.Successors, DryRun: o.DryRun,
	}))
	if err != nil {
		var ce *connect.Error
		if errors.As(err, &ce) && ce.Code() == connect.CodeFailedPrecondition {
			r.Impact = &zerenv1.StructureImpact{}
			for _, d := range ce.Details() {
				if v, derr := d.Value(); derr == nil {
					if p, ok := v.(*zerenv1.ValidationProblem); ok {
						r.Impact.Orphaned = append(r.Impact.Orphaned, p)
					}
				}
			}
		}
		return r, err
	}
	r.Version, r.Impact = resp.Msg.GetVersion(), resp.Msg.GetImpact()
	return r, nil
}

// Night is one night's export from the simulated OA.
type Night struct {
	// Date the export was taken (the server's today during the sync).
	Date time.Time
	// What changed in the OA that day, for the log.
	What string
	// Export is the OA's whole org table that night.
	Export *zerenv1.Structure
	// Successors the operator names when the sync refuses a removal.
	Successors map[string]string
}

// Nights returns eight weekly exports of 示例市 from 2026-07-07 to
// 2026-08-25, each a small change of the one before: rotations, a new
// branch (later dissolved), a renamed organisation, a new member of a
// Party group who leaves again, and a branch merged into another.
func Nights() []Night {
	loc := sample.Location
	st := sample.Structure()
	var out []Night
	night := func(d time.Time, what string, succ map[string]string, change func(*zerenv1.Structure, *timestamppb.Timestamp)) {
		change(st, timestamppb.New(d))
		out = append(out, Night{Date: d, What: what, Export: cloneStructure(st), Successors: succ})
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, loc) }
	night(day(7, 7), "财政局一支部书记轮岗", nil, func(st *zerenv1.Structure, at *timestamppb.Timestamp) {
		rotate(st, "czj-b1-sec", at, "p-sync-1", "钱伟")
	})
	night(day(7, 14), "财政局新设第九支部", nil, func(st *zerenv1.Structure, at *timestamppb.Timestamp) {
		st.Organizations = append(st.Organizations, &zerenv1.Organization{Id: "czj-b9", Name: "中共示例市财政局机关第九支部委员会",
			ShortName: "财政局九支部", LevelId: "branch", ParentId: "czj-oc", UnitId: "czj", MemberCount: 9})
		st.Posts = append(st.Posts, &zerenv1.Post{Id: "czj-b9-sec", OrganizationId: "czj-b9", PostKindId: "branch-secretary"})
		st.People = append(st.People, &zerenv1.Person{Id: "p-sync-2", Name: "孔亮"})
		st.Appointments = append(st.Appointments, &zerenv1.Appointment{Id: "a-sync-2", PersonId: "p-sync-2", PostId: "czj-b9-sec",
			Kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, Start: at})
	})
	night(day(7, 21), "财政局二支部更名、党员人数变化", nil, func(st *zerenv1.Structure, _ *timestamppb.Timestamp) {
		for _, o := range st.GetOrganizations() {
			if o.GetId() == "czj-b2" {
				o.ShortName, o.MemberCount = "财政局预算支部", o.GetMemberCount()+3
			}
		}
	})
	night(day(7, 28), "财政局党组增补成员", nil, func(st *zerenv1.Structure, at *timestamppb.Timestamp) {
		st.Posts = append(st.Posts, &zerenv1.Post{Id: "czj-pg-m9", OrganizationId: "czj-pg", PostKindId: "party-group-member", Title: "党组成员、总会计师"})
		st.People = append(st.People, &zerenv1.Person{Id: "p-sync-4", Name: "严华", Position: "总会计师"})
		st.Appointments = append(st.Appointments, &zerenv1.Appointment{Id: "a-sync-4", PersonId: "p-sync-4", PostId: "czj-pg-m9",
			Kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, Start: at})
	})
	night(day(8, 4), "增补的党组成员调离", nil, func(st *zerenv1.Structure, at *timestamppb.Timestamp) {
		for _, a := range st.GetAppointments() {
			if a.GetId() == "a-sync-4" {
				a.End = at
			}
		}
	})
	night(day(8, 11), "工委离退休干部支部并入第一支部", map[string]string{"gw-b2": "gw-b1"}, func(st *zerenv1.Structure, _ *timestamppb.Timestamp) {
		removeOrganization(st, "gw-b2")
	})
	night(day(8, 18), "财政局第九支部撤销", nil, func(st *zerenv1.Structure, _ *timestamppb.Timestamp) {
		removeOrganization(st, "czj-b9")
	})
	night(day(8, 25), "工委一支部书记轮岗", nil, func(st *zerenv1.Structure, at *timestamppb.Timestamp) {
		rotate(st, "gw-b1-sec", at, "p-sync-8", "陶然")
	})
	return out
}

// rotate ends whoever holds a post at `at` and appoints a new person from
// then on.
func rotate(st *zerenv1.Structure, post string, at *timestamppb.Timestamp, person, name string) {
	for _, a := range st.GetAppointments() {
		if a.GetPostId() == post && a.GetKind() != zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED &&
			!a.GetStart().AsTime().After(at.AsTime()) && (a.GetEnd() == nil || a.GetEnd().AsTime().After(at.AsTime())) {
			a.End = at
		}
	}
	st.People = append(st.People, &zerenv1.Person{Id: person, Name: name})
	st.Appointments = append(st.Appointments, &zerenv1.Appointment{Id: "a-" + person, PersonId: person, PostId: post,
		Kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, Start: at})
}

// removeOrganization drops an organisation with its posts and their
// appointments, as an OA export no longer lists them.
func removeOrganization(st *zerenv1.Structure, org string) {
	posts := map[string]bool{}
	for _, p := range st.GetPosts() {
		if p.GetOrganizationId() == org {
			posts[p.GetId()] = true
		}
	}
	st.Organizations = slices.DeleteFunc(st.Organizations, func(o *zerenv1.Organization) bool { return o.GetId() == org })
	st.Posts = slices.DeleteFunc(st.Posts, func(p *zerenv1.Post) bool { return posts[p.GetId()] })
	st.Appointments = slices.DeleteFunc(st.Appointments, func(a *zerenv1.Appointment) bool { return posts[a.GetPostId()] })
}

// local is 示例市 served in-process on loopback with the 2026 plan
// decomposed, and a clock the simulation sets to each night.
type local struct {
	url   string
	store *server.MemoryStore
	now   *atomic.Int64
	hc    *http.Client
	close func()
}

// client returns the HTTP client of the loopback server.
func (l *local) client() *http.Client { return l.hc }

func newLocal(ctx context.Context) (*local, error) {
	l := &local{store: server.NewMemoryStore(), now: &atomic.Int64{}}
	l.now.Store(sample.RotationDate.UnixNano())
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		return nil, err
	}
	srv, err := server.New(l.store, server.WithAuthenticator(server.StaticTokens{"dev-gongwei": {Subject: "oa-nightly-sync"}}),
		server.WithLocation(sample.Location), server.WithCalendar(cal),
		server.WithClock(func() time.Time { return time.Unix(0, l.now.Load()).In(sample.Location) }))
	if err != nil {
		return nil, err
	}
	if err := srv.LoadStructure(ctx, "oa-startup", frameworks.SanjiWugang(), sample.Structure()); err != nil {
		return nil, err
	}
	if _, err := srv.LoadPlan(ctx, "oa-startup", sample.Plan()); err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv.Handler())
	l.url, l.close, l.hc = hs.URL, hs.Close, hs.Client()
	return l, nil
}

// simulate runs the eight nights against an in-process server and prints
// what each sync did.
func simulate(ctx context.Context, w io.Writer) error {
	l, err := newLocal(ctx)
	if err != nil {
		return err
	}
	defer l.close()
	return l.run(ctx, w)
}

// run syncs the eight nights, each on its own date.
func (l *local) run(ctx context.Context, w io.Writer) error {
	c := zerenv1connect.NewHierarchyServiceClient(l.hc, l.url, connect.WithInterceptors(bearer("dev-gongwei")))
	for _, n := range Nights() {
		l.now.Store(n.Date.UnixNano())
		fmt.Fprintf(w, "%s %s\n", n.Date.Format("2006-01-02"), n.What)
		r, err := Sync(ctx, c, n.Export, Options{})
		if connect.CodeOf(err) == connect.CodeFailedPrecondition && n.Successors != nil {
			fmt.Fprintf(w, "  refused: %d record(s) would be orphaned, e.g. %s %s: %s\n", len(r.Impact.GetOrphaned()),
				r.Impact.GetOrphaned()[0].GetRecord(), r.Impact.GetOrphaned()[0].GetId(), r.Impact.GetOrphaned()[0].GetMessage())
			fmt.Fprintf(w, "  successors named by the operator: %v\n", n.Successors)
			r, err = Sync(ctx, c, n.Export, Options{Successors: n.Successors})
		}
		if err != nil {
			return fmt.Errorf("%s: %w", n.Date.Format("2006-01-02"), err)
		}
		fmt.Fprintf(w, "  %s\n", r)
	}
	return nil
}

func cloneStructure(st *zerenv1.Structure) *zerenv1.Structure {
	return proto.Clone(st).(*zerenv1.Structure)
}

type successorFlag map[string]string

func (s *successorFlag) String() string { return fmt.Sprint(map[string]string(*s)) }

func (s *successorFlag) Set(v string) error {
	old, nw, ok := strings.Cut(v, "=")
	if !ok || old == "" || nw == "" {
		return fmt.Errorf("want old=new, got %q", v)
	}
	if *s == nil {
		*s = map[string]string{}
	}
	(*s)[old] = nw
	return nil
}

func bearer(token string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
