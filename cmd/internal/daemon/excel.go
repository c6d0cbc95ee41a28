package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/proto/zeren/v1/zerenv1connect"
	"github.com/zerenlab/zeren/report"
	"github.com/zerenlab/zeren/responsibility"
	"github.com/zerenlab/zeren/server"
	"github.com/zerenlab/zeren/xlsx"
)

// excel serves the Excel downloads and uploads beside the API:
//
//	GET  /excel/assignments.xlsx  分解表 (ListAssignments)
//	GET  /excel/cases.xlsx        督办台账 (ListCases)
//	GET  /excel/results.xlsx      考核评分表 (ListResults; ?run_id=…)
//	GET  /excel/proposals.xlsx    问责建议 (ListProposals)
//	GET  /excel/report.html       the annual report (工委 only; ?year=…&run_id=…&system_id=…)
//	POST /excel/plan              the three lists as a workbook (PutPlan)
//	POST /excel/reviews?system_id=…  the 述职评议测评表: the ballots assessed
//	                              with the stored system (RunAssessment)
//
// Each request calls the RPCs in process with the caller's own bearer token,
// so downloads hold exactly what the caller's subtree may read, and an upload
// goes through PutPlan's checks (工委 only), its validation and its audit
// entry. A workbook with problems is refused (422) with every problem
// located by sheet and cell, in Chinese then English; a request whose Accept
// header prefers application/json gets {"problems":[…]} of
// zeren.v1.ValidationProblem instead (see refuse), as do the problems
// PutPlan's own validation finds.
type excel struct {
	api   http.Handler
	store server.Store
	auth  server.Authenticator
	limit int64
}

// structureID is where the server keeps the current structure.
const structureID = "current"

// call returns an HTTP client that serves requests with the API handler in
// process.
func (e *excel) client() *http.Client {
	return &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		e.api.ServeHTTP(rec, r)
		return rec.Result(), nil
	})}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// bearer passes the caller's Authorization header on to the RPC.
func bearer(r *http.Request) connect.ClientOption {
	auth := r.Header.Get("Authorization")
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", auth)
			return next(ctx, req)
		}
	}))
}

// system is the stored indicator system that names grades and vetoes in the
// 考核评分表; without one the sheet shows ids and scores at the precision
// they are written with.
func (e *excel) system(ctx context.Context, id string) *zerenv1.IndicatorSystem {
	if id == "" {
		return nil
	}
	rec, err := e.store.Get(ctx, server.KindSystem, id)
	if err != nil {
		return nil
	}
	stored := &zerenv1.PutIndicatorSystemRequest{}
	if proto.Unmarshal(rec.Data, stored) != nil {
		return nil
	}
	return stored.GetSystem()
}

// hierarchy names units and people in the exports; without a stored
// structure the exports show ids.
func (e *excel) hierarchy(ctx context.Context) *responsibility.Hierarchy {
	rec, err := e.store.Get(ctx, server.KindStructure, structureID)
	if err != nil {
		return nil
	}
	st := &zerenv1.Structure{}
	if proto.Unmarshal(rec.Data, st) != nil {
		return nil
	}
	fwRec, err := e.store.Get(ctx, server.KindFramework, st.GetFrameworkId())
	if err != nil {
		return nil
	}
	fw := &zerenv1.Framework{}
	if proto.Unmarshal(fwRec.Data, fw) != nil {
		return nil
	}
	h, err := responsibility.New(fw, st)
	if err != nil {
		return nil
	}
	return h
}

func (e *excel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	base := "http://zerend.internal"
	name := strings.TrimPrefix(r.URL.Path, "/excel/")
	if r.Method == http.MethodPost && name == "plan" {
		e.upload(w, r, base)
		return
	}
	if r.Method == http.MethodPost && name == "reviews" {
		e.uploadReviews(w, r, base)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "不支持的请求方法 / method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if name == "report.html" {
		e.report(w, r, base)
		return
	}
	opts := []xlsx.Option{}
	if h := e.hierarchy(ctx); h != nil {
		opts = append(opts, xlsx.WithHierarchy(h))
	}
	var buf bytes.Buffer
	var err error
	hc := e.client()
	switch name {
	case "assignments.xlsx":
		c := zerenv1connect.NewChecklistServiceClient(hc, base, bearer(r))
		var all []*zerenv1.Assignment
		if all, err = allPages(func(token string) ([]*zerenv1.Assignment, string, error) {
			res, err := c.ListAssignments(ctx, connect.NewRequest(&zerenv1.ListAssignmentsRequest{PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetAssignments(), res.Msg.GetNextPageToken(), nil
		}); err == nil {
			err = xlsx.WriteAssignments(&buf, nil, all, opts...)
		}
	case "cases.xlsx":
		c := zerenv1connect.NewSupervisionServiceClient(hc, base, bearer(r))
		var all []*zerenv1.SupervisionCase
		if all, err = allPages(func(token string) ([]*zerenv1.SupervisionCase, string, error) {
			res, err := c.ListCases(ctx, connect.NewRequest(&zerenv1.ListCasesRequest{PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetCases(), res.Msg.GetNextPageToken(), nil
		}); err == nil {
			err = xlsx.WriteCases(&buf, all, opts...)
		}
	case "results.xlsx":
		c := zerenv1connect.NewAssessmentServiceClient(hc, base, bearer(r))
		var all []*zerenv1.Result
		if all, err = allPages(func(token string) ([]*zerenv1.Result, string, error) {
			res, err := c.ListResults(ctx, connect.NewRequest(&zerenv1.ListResultsRequest{
				RunId: r.URL.Query().Get("run_id"), PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetResults(), res.Msg.GetNextPageToken(), nil
		}); err == nil {
			err = xlsx.WriteResults(&buf, e.system(ctx, r.URL.Query().Get("system_id")), all, opts...)
		}
	case "proposals.xlsx":
		c := zerenv1connect.NewAssessmentServiceClient(hc, base, bearer(r))
		var all []*zerenv1.Proposal
		if all, err = allPages(func(token string) ([]*zerenv1.Proposal, string, error) {
			res, err := c.ListProposals(ctx, connect.NewRequest(&zerenv1.ListProposalsRequest{PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetProposals(), res.Msg.GetNextPageToken(), nil
		}); err == nil {
			err = xlsx.WriteProposals(&buf, nil, all, opts...)
		}
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		writeErr(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(buf.Bytes())
}

// body authenticates an upload and reads it within the request limit; ok
// is false when it has answered the request. Uploads are the 机关工委's
// (PutPlan, RunAssessment), so any other caller is refused before the body
// is read, the store is touched or the workbook is parsed against the whole
// structure.
func (e *excel) body(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	if token == "" {
		http.Error(w, "缺少令牌（Authorization: Bearer …）/ missing bearer token (Authorization: Bearer …)", http.StatusUnauthorized)
		return nil, false
	}
	p, err := e.auth.Authenticate(r.Context(), token)
	if err != nil {
		http.Error(w, "令牌缺失或无效 / missing or unknown bearer token", http.StatusUnauthorized)
		return nil, false
	}
	if !p.All() {
		http.Error(w, "上传清单和测评表仅限机关工委 / uploads are for the 工委 only", http.StatusForbidden)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, e.limit))
	if err != nil {
		http.Error(w, fmt.Sprintf("请求体超过 %d 字节的上限 / the body exceeds %d bytes", e.limit, e.limit), http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

// refuse answers a workbook's located problems (422): as plain text,
// Chinese then English, or, when the request's Accept header prefers
// application/json, as {"problems":[…]} of zeren.v1.ValidationProblem
// (protojson), `message` in the Accept-Language's language (Chinese unless
// English comes first).
func refuse(w http.ResponseWriter, r *http.Request, ie *xlsx.ImportError) {
	if wantsJSON(r.Header.Get("Accept")) {
		en := server.PrefersEnglish(r.Header.Get("Accept-Language"))
		ps := make([]*zerenv1.ValidationProblem, len(ie.Problems))
		for i, p := range ie.Problems {
			ps[i] = server.WireProblem(p.Problem(), en)
		}
		answerProblems(w, ps)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	fmt.Fprintln(w, ie.Zh())
	fmt.Fprintln(w, ie.Error())
}

// answerProblems writes {"problems":[…]} with status 422, each problem in
// protojson.
func answerProblems(w http.ResponseWriter, ps []*zerenv1.ValidationProblem) {
	answerProblemsStatus(w, http.StatusUnprocessableEntity, ps)
}

func answerProblemsStatus(w http.ResponseWriter, status int, ps []*zerenv1.ValidationProblem) {
	out := struct {
		Problems []json.RawMessage `json:"problems"`
	}{Problems: make([]json.RawMessage, len(ps))}
	for i, p := range ps {
		b, err := protojson.Marshal(p)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out.Problems[i] = b
	}
	body, err := json.Marshal(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// wantsJSON reports whether an Accept header prefers application/json to
// plain text: application/json is listed with a weight above zero, and above
// that of text/plain, text/* and */* — or equal to it and listed first, as
// in axios's "application/json, text/plain, */*".
func wantsJSON(accept string) bool {
	jsonQ, jsonAt, textQ, textAt := 0.0, -1, 0.0, -1
	for i, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		media := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, f := range fields[1:] {
			if v, ok := strings.CutPrefix(strings.TrimSpace(f), "q="); ok {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					q = x
				}
			}
		}
		switch media {
		case "application/json":
			if q > jsonQ {
				jsonQ, jsonAt = q, i
			}
		case "text/plain", "text/*", "*/*":
			if q > textQ {
				textQ, textAt = q, i
			}
		}
	}
	return jsonQ > 0 && (jsonQ > textQ || jsonQ == textQ && jsonAt < textAt)
}

// uploadReviews reads the 述职评议测评表 against the stored system's review
// scheme and runs the assessment of the ballots' period with them.
func (e *excel) uploadReviews(w http.ResponseWriter, r *http.Request, base string) {
	body, ok := e.body(w, r)
	if !ok {
		return
	}
	id := r.URL.Query().Get("system_id")
	rec, err := e.store.Get(r.Context(), server.KindSystem, id)
	if err != nil {
		http.Error(w, fmt.Sprintf("指标体系“%s”未保存 / indicator system %q has not been stored", problem.Printable(id), id), http.StatusNotFound)
		return
	}
	stored := &zerenv1.PutIndicatorSystemRequest{}
	if err := proto.Unmarshal(rec.Data, stored); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	opts := []xlsx.Option{xlsx.WithLimits(xlsx.Limits{MaxBytes: e.limit})}
	if h := e.hierarchy(r.Context()); h != nil {
		opts = append(opts, xlsx.WithHierarchy(h))
	}
	reviews, err := xlsx.ReadReviews(bytes.NewReader(body), stored.GetSystem().GetReview(), opts...)
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		refuse(w, r, ie)
		return
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(reviews) == 0 {
		http.Error(w, "测评表中没有述职人 / the workbook holds no reviewee", http.StatusUnprocessableEntity)
		return
	}
	period := reviews[0].GetPeriod()
	for _, rv := range reviews[1:] {
		if !proto.Equal(rv.GetPeriod(), period) {
			http.Error(w, "测评表中的期间不一致 / the reviews are of different periods", http.StatusUnprocessableEntity)
			return
		}
	}
	c := zerenv1connect.NewAssessmentServiceClient(e.client(), base, bearer(r))
	res, err := c.RunAssessment(r.Context(), connect.NewRequest(&zerenv1.RunAssessmentRequest{SystemId: id, Period: period, Reviews: reviews}))
	if err != nil {
		uploadErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"runId":%q,"units":%d,"reviews":%d}`+"\n", res.Msg.GetRunId(), res.Msg.GetUnits(), len(reviews))
}

// upload reads the three lists from the body and stores them with PutPlan.
func (e *excel) upload(w http.ResponseWriter, r *http.Request, base string) {
	body, ok := e.body(w, r)
	if !ok {
		return
	}
	opts := []xlsx.Option{xlsx.WithLimits(xlsx.Limits{MaxBytes: e.limit})}
	if h := e.hierarchy(r.Context()); h != nil {
		opts = append(opts, xlsx.WithHierarchy(h))
	}
	plan, err := xlsx.ReadPlan(bytes.NewReader(body), opts...)
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		refuse(w, r, ie)
		return
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c := zerenv1connect.NewChecklistServiceClient(e.client(), base, bearer(r))
	res, err := c.PutPlan(r.Context(), connect.NewRequest(&zerenv1.PutPlanRequest{Plan: plan}))
	if err != nil {
		uploadErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"planId":%q,"version":"%d"}`+"\n", plan.GetId(), res.Msg.GetVersion())
}

// report renders the annual report for the 工委: it speaks for every unit,
// so a branch token is refused. The lists come from the RPCs; the plan of
// the year, the names, the year's findings and the run's ballots (no RPC
// lists those) from the store.
func (e *excel) report(w http.ResponseWriter, r *http.Request, base string) {
	ctx := r.Context()
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p, err := e.auth.Authenticate(ctx, strings.TrimSpace(token))
	if err != nil || token == "" {
		http.Error(w, "令牌缺失或无效 / missing or unknown bearer token", http.StatusUnauthorized)
		return
	}
	if !p.All() {
		http.Error(w, "年度报告仅限机关工委 / the annual report is for the 工委 only", http.StatusForbidden)
		return
	}
	h := e.hierarchy(ctx)
	if h == nil {
		http.Error(w, "尚未保存组织结构（PutStructure）/ no structure has been stored yet (PutStructure)", http.StatusUnprocessableEntity)
		return
	}
	q := r.URL.Query()
	in := report.Input{Hierarchy: h, System: e.system(ctx, q.Get("system_id"))}
	page, err := e.store.List(ctx, server.KindPlan, server.ListQuery{PageSize: 1000})
	if err != nil {
		writeErr(w, err)
		return
	}
	for _, rec := range page.Records {
		plan := &zerenv1.Plan{}
		if proto.Unmarshal(rec.Data, plan) == nil && plan.GetYear() > 0 &&
			(q.Get("year") == fmt.Sprint(plan.GetYear()) || (q.Get("year") == "" && plan.GetYear() > in.Plan.GetYear())) {
			in.Plan = plan
		}
	}
	if in.Plan == nil {
		http.Error(w, "尚未保存该年度的计划（PutPlan）/ no plan for the year has been stored (PutPlan)", http.StatusNotFound)
		return
	}
	hc := e.client()
	checklist := zerenv1connect.NewChecklistServiceClient(hc, base, bearer(r))
	supervision := zerenv1connect.NewSupervisionServiceClient(hc, base, bearer(r))
	assess := zerenv1connect.NewAssessmentServiceClient(hc, base, bearer(r))
	in.Assignments, err = allPages(func(token string) ([]*zerenv1.Assignment, string, error) {
		res, err := checklist.ListAssignments(ctx, connect.NewRequest(&zerenv1.ListAssignmentsRequest{PageSize: 1000, PageToken: token}))
		if err != nil {
			return nil, "", err
		}
		return res.Msg.GetAssignments(), res.Msg.GetNextPageToken(), nil
	})
	if err == nil {
		in.Cases, err = allPages(func(token string) ([]*zerenv1.SupervisionCase, string, error) {
			res, err := supervision.ListCases(ctx, connect.NewRequest(&zerenv1.ListCasesRequest{PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetCases(), res.Msg.GetNextPageToken(), nil
		})
	}
	if run := q.Get("run_id"); run != "" && err == nil {
		in.Results, err = allPages(func(token string) ([]*zerenv1.Result, string, error) {
			res, err := assess.ListResults(ctx, connect.NewRequest(&zerenv1.ListResultsRequest{RunId: run, PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetResults(), res.Msg.GetNextPageToken(), nil
		})
	}
	if err == nil {
		in.Proposals, err = allPages(func(token string) ([]*zerenv1.Proposal, string, error) {
			res, err := assess.ListProposals(ctx, connect.NewRequest(&zerenv1.ListProposalsRequest{PageSize: 1000, PageToken: token}))
			if err != nil {
				return nil, "", err
			}
			return res.Msg.GetProposals(), res.Msg.GetNextPageToken(), nil
		})
	}
	if err != nil {
		writeErr(w, err)
		return
	}
	loc := h.Location()
	if loc == nil {
		loc = xlsx.Beijing
	}
	// No RPC lists findings or a run's ballots; the report is the 工委's
	// (checked above), who may read them all, so they come from the store.
	if in.Findings, err = e.findings(ctx, int(in.Plan.GetYear()), loc); err == nil {
		err = e.runRecords(ctx, q.Get("run_id"), &in)
	}
	if err != nil {
		writeErr(w, err)
		return
	}
	in.AsOf = time.Date(int(in.Plan.GetYear())+1, 1, 1, 0, 0, 0, 0, loc)
	in.Title = fmt.Sprintf("%d年度机关党建工作责任制落实情况报告", in.Plan.GetYear())
	var buf bytes.Buffer
	if err := report.Render(&buf, in); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="report.html"`)
	_, _ = w.Write(buf.Bytes())
}

// findings reads the 督查 findings of a year from the store (every
// organisation's: for the 工委 only), those without a date included.
func (e *excel) findings(ctx context.Context, year int, loc *time.Location) ([]*zerenv1.Finding, error) {
	var out []*zerenv1.Finding
	err := e.each(ctx, server.KindFinding, "", func(data []byte) error {
		f := &zerenv1.Finding{}
		if err := proto.Unmarshal(data, f); err != nil {
			return err
		}
		if f.GetFoundAt() == nil || f.GetFoundAt().AsTime().In(loc).Year() == year {
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// runRecords reads what a run stored beside its results (no RPC lists
// them): each unit's facts, the ballots, and the system it scored with and
// its triggers, which replace the stored system's (a system changed since
// the run is not what the run's scores and proposals came from). Nothing
// without a run.
func (e *excel) runRecords(ctx context.Context, runID string, in *report.Input) error {
	if runID == "" {
		return nil
	}
	rec, err := e.store.Get(ctx, server.KindRun, runID)
	if errors.Is(err, server.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	run := &zerenv1.RunAssessmentResponse{}
	if err := proto.Unmarshal(rec.Data, run); err != nil {
		return err
	}
	gen := fmt.Sprintf("%s/%06d", run.GetRunId(), run.GetGeneration())
	if rec, err := e.store.Get(ctx, server.KindRunSystem, gen); err == nil {
		scored := &zerenv1.PutIndicatorSystemRequest{}
		if err := proto.Unmarshal(rec.Data, scored); err != nil {
			return err
		}
		in.System, in.Triggers = scored.GetSystem(), scored.GetTriggers()
	} else if !errors.Is(err, server.ErrNotFound) {
		return err
	}
	err = e.each(ctx, server.KindReview, gen+"/", func(data []byte) error {
		rv := &zerenv1.Review{}
		if err := proto.Unmarshal(data, rv); err != nil {
			return err
		}
		in.Reviews = append(in.Reviews, rv)
		return nil
	})
	if err != nil {
		return err
	}
	// The report reads a unit's facts for its business score alone (两张皮);
	// a province's facts are hundreds of KB a unit, so only that is kept.
	return e.each(ctx, server.KindFacts, gen+"/", func(data []byte) error {
		f := &zerenv1.UnitFacts{}
		if err := proto.Unmarshal(data, f); err != nil {
			return err
		}
		in.Facts = append(in.Facts, &zerenv1.UnitFacts{Unit: f.GetUnit(), BusinessScore: f.GetBusinessScore()})
		return nil
	})
}

// each calls fn with the data of every record of a kind under a prefix.
func (e *excel) each(ctx context.Context, kind, prefix string, fn func([]byte) error) error {
	for token := ""; ; {
		page, err := e.store.List(ctx, kind, server.ListQuery{Prefix: prefix, PageSize: 1000, PageToken: token})
		if err != nil {
			return err
		}
		for _, rec := range page.Records {
			if err := fn(rec.Data); err != nil {
				return fmt.Errorf("%s %s: %w", kind, rec.ID, err)
			}
		}
		if token = page.NextPageToken; token == "" {
			return nil
		}
	}
}

// uploadErr answers an upload's failed RPC like writeErr, or, when the
// request prefers application/json and the RPC found validation problems
// (PutPlan's own checks), as {"problems":[…]} in the caller's language.
func uploadErr(w http.ResponseWriter, r *http.Request, err error) {
	var ce *connect.Error
	if wantsJSON(r.Header.Get("Accept")) && errors.As(err, &ce) {
		en := server.PrefersEnglish(r.Header.Get("Accept-Language"))
		var ps []*zerenv1.ValidationProblem
		for _, d := range ce.Details() {
			if v, derr := d.Value(); derr == nil {
				if p, ok := v.(*zerenv1.ValidationProblem); ok {
					if en && p.GetMessageEn() != "" {
						p.Message = p.GetMessageEn()
					} else if p.GetMessageZh() != "" {
						p.Message = p.GetMessageZh()
					}
					ps = append(ps, p)
				}
			}
		}
		if len(ps) > 0 {
			answerProblemsStatus(w, status(err), ps)
			return
		}
	}
	writeErr(w, err)
}

// status is the HTTP status of a failed RPC.
func status(err error) int {
	switch connect.CodeOf(err) {
	case connect.CodeUnauthenticated:
		return http.StatusUnauthorized
	case connect.CodePermissionDenied:
		return http.StatusForbidden
	case connect.CodeNotFound:
		return http.StatusNotFound
	case connect.CodeInvalidArgument, connect.CodeFailedPrecondition:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// writeErr answers a failed RPC as plain text with its status.
func writeErr(w http.ResponseWriter, err error) {
	msg := err.Error()
	var ce *connect.Error
	if errors.As(err, &ce) {
		msg = ce.Message()
	}
	http.Error(w, msg, status(err))
}

// allPages calls a paged listing with each page token in turn and gathers
// every page's items. A failed page fails the whole listing.
func allPages[T any](page func(token string) (items []T, next string, err error)) ([]T, error) {
	var out []T
	for token := ""; ; {
		items, next, err := page(token)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if next == "" {
			return out, nil
		}
		token = next
	}
}
