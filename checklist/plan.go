package checklist

import (
	"errors"
	"iter"
	"math"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// ParsePlan decodes a plan (zeren.v1.Plan: the 问题清单, 任务清单 and 责任清单
// of one year) from JSON (protojson) or text format, detected from the first
// non-blank byte: '{' means JSON. Unknown fields are errors, so a misspelt
// field cannot silently drop data. It returns a *[DecodeError]; the content
// is checked by [NewPlan].
func ParsePlan(data []byte) (*zerenv1.Plan, error) {
	p := &zerenv1.Plan{}
	if err := codec.Unmarshal("plan", data, codec.Auto, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Plan is a year's three lists (三个清单) checked against a hierarchy and
// indexed for decomposition: each task's scope resolved to the posts that
// carry it, its periods, their targets and due dates.
//
// A Plan is immutable and safe for concurrent use. It keeps its own copy of
// the input; messages it returns are shared and must be treated as
// read-only.
type Plan struct {
	pb      *zerenv1.Plan
	h       *responsibility.Hierarchy
	loc     *time.Location
	tasks   []planTask
	taskIdx map[string]int
	posts   []postRef
}

// planTask is a task with its scope resolved and its periods planned.
type planTask struct {
	pb *zerenv1.Task
	// perPost: the owner kind admits several holders at one organisation
	// (党组其他成员), so each post gets its own assignment and the post id
	// joins the assignment id.
	perPost bool
	targets []int32 // indexes into Plan.posts, hierarchy order
	periods []periodPlan
}

// periodPlan is one period of a task: bounds, due date and target.
type periodPlan struct {
	index      int32
	start, end int64 // Unix nanoseconds, [start, end)
	until      int64 // min(end, end of the due day): open assignments follow their post until then
	due        time.Time
	target     float64
	label      string
}

// postRef is a post that carries a task, with its appointments.
type postRef struct {
	id, org string
	apps    []appRef // sorted by start
}

// appRef is an appointment, reduced to what binding needs.
type appRef struct {
	id, person string
	start, end int64 // Unix nanoseconds; end is math.MaxInt64 when open
	delegated  bool
}

// NewPlan checks a plan against a hierarchy and indexes it. It reports every
// problem at once as a *[ValidationError], each naming the item
// (`task "T23" (落实“第一议题”制度): measure.target: …`); it never returns a
// partial plan.
//
// The checks: plan.year is set and the framework_id, when set, is the
// hierarchy's; problems, tasks and responsibility entries have unique,
// non-empty ids (task ids without "/", which assignment ids use as a
// separator) and titles; dimensions are set; every task's problem_ids exist;
// its owner_post_kind_id exists in the hierarchy's framework; every level,
// unit and organisation its scope names exists, and the scope resolves to at
// least one organisation with a post of the owner kind; its measure is well
// formed (metric and unit non-empty; target finite, ≥ 0 and ≤ [MaxTarget];
// comparison, period kind and split rule set; a rounding set where the split
// divides the target over several periods, whole targets for the REMAINDER
// roundings and no more decimals than the precision for the HALF ones;
// precision 0–[MaxPrecision]; a DONE comparison only with target 1 and, over
// several periods, only with the REPEAT split); its deadline is set and falls
// within the plan's year (in the hierarchy's location); its weight is finite
// and ≥ 0. Responsibility entries reference existing tasks, units and post
// kinds, and their deadlines fall within the year.
func NewPlan(plan *zerenv1.Plan, h *responsibility.Hierarchy) (*Plan, error) {
	if h == nil {
		return nil, errors.New("checklist: NewPlan: nil hierarchy")
	}
	if plan == nil {
		plan = &zerenv1.Plan{}
	}
	v := &validator{
		p: &Plan{pb: proto.CloneOf(plan), h: h, loc: h.Location()},
	}
	v.run()
	if err := problemsErr(v.problems); err != nil {
		return nil, err
	}
	return v.p, nil
}

// Validate reports every problem of a plan against a hierarchy as a
// *[ValidationError], or nil; see [NewPlan] for the checks.
func Validate(plan *zerenv1.Plan, h *responsibility.Hierarchy) error {
	_, err := NewPlan(plan, h)
	return err
}

// Proto returns the plan as given (read-only).
func (p *Plan) Proto() *zerenv1.Plan { return p.pb }

// Hierarchy returns the hierarchy the plan was checked against.
func (p *Plan) Hierarchy() *responsibility.Hierarchy { return p.h }

// Year returns the plan's calendar year.
func (p *Plan) Year() int { return int(p.pb.GetYear()) }

// Task returns the task with the id.
func (p *Plan) Task(id string) (*zerenv1.Task, bool) {
	i, ok := p.taskIdx[id]
	if !ok {
		return nil, false
	}
	return p.tasks[i].pb, true
}

// Tasks returns the tasks in plan order.
func (p *Plan) Tasks() iter.Seq[*zerenv1.Task] {
	return func(yield func(*zerenv1.Task) bool) {
		for i := range p.tasks {
			if !yield(p.tasks[i].pb) {
				return
			}
		}
	}
}

// Posts returns the ids of the posts that carry a task (定位到岗), in
// hierarchy order: one per organisation in the task's scope for a
// single-holder owner kind, every post of the kind otherwise.
func (p *Plan) Posts(taskID string) []string {
	i, ok := p.taskIdx[taskID]
	if !ok {
		return nil
	}
	out := make([]string, len(p.tasks[i].targets))
	for k, t := range p.tasks[i].targets {
		out[k] = p.posts[t].id
	}
	return out
}

// Len returns the number of assignments [Decompose] produces for the plan.
func (p *Plan) Len() int {
	n := 0
	for i := range p.tasks {
		n += len(p.tasks[i].targets) * len(p.tasks[i].periods)
	}
	return n
}

// Organizations yields each organisation that carries assignments of the
// plan, in the order the decomposition first reaches them (tasks in plan
// order, each task's organisations in hierarchy order), with the number of assignments [Decompose]
// produces for it: what a caller needs to cut the plan into batches of
// organisations of bounded size ([WithOrganizations]).
func (p *Plan) Organizations() iter.Seq2[string, int] {
	count := make([]int, len(p.posts))
	for i := range p.tasks {
		for _, t := range p.tasks[i].targets {
			count[t] += len(p.tasks[i].periods)
		}
	}
	var order []string
	byOrg := map[string]int{}
	for i, n := range count {
		if n == 0 {
			continue
		}
		org := p.posts[i].org
		if _, ok := byOrg[org]; !ok {
			order = append(order, org)
		}
		byOrg[org] += n
	}
	return func(yield func(string, int) bool) {
		for _, org := range order {
			if !yield(org, byOrg[org]) {
				return
			}
		}
	}
}

// appRefs reduces a post's appointments (sorted by start) for binding.
func appRefs(apps []*zerenv1.Appointment) []appRef {
	out := make([]appRef, len(apps))
	for i, a := range apps {
		end := int64(math.MaxInt64)
		if a.GetEnd() != nil {
			end = a.GetEnd().AsTime().UnixNano()
		}
		out[i] = appRef{
			id: a.GetId(), person: a.GetPersonId(),
			start: a.GetStart().AsTime().UnixNano(), end: end,
			delegated: a.GetKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED,
		}
	}
	return out
}
