package checklist

import (
	"context"
	"iter"
	"slices"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Decomposition is the result of [Decompose]: the year's assignments and,
// when an earlier decomposition was given with [WithPrevious], what changed.
type Decomposition struct {
	// Assignments in a stable order: tasks in plan order; for each, the
	// organisations of its scope in hierarchy order (and their posts in
	// framework order); for each, the periods in time order. Assignments of
	// the previous decomposition that are no longer produced follow, RETIRED,
	// in their previous order.
	Assignments []*zerenv1.Assignment
	// Diff against the previous assignments; empty without [WithPrevious].
	Diff Diff
}

// Decompose breaks a plan down to assignments (任务分解: 定位到岗、细化到人、
// 量化到事): for every task, every organisation in its scope that has a post
// of the task's owner kind, and every period of the task's measure that
// begins on or before the task's deadline, one assignment
//
//   - with the stable id "<task>/<organisation>/<period>", e.g.
//     "T23/czj-b1/2026-Q1" (periods as [PeriodLabel] spells them); for an
//     owner kind that admits several holders at one organisation (党组其他成员)
//     each post gets its own assignment, "<task>/<organisation>/<post>/<period>";
//   - bound to the post and to its holder (see [Rebind] for the rules of 细化到人;
//     [WithAsOf] binds as of a date instead of each period's start);
//   - with the period's share of the yearly target ([SplitTarget]);
//   - due on the period's last day (the instant that day begins in the
//     hierarchy's location), or on the task's deadline when that is earlier;
//     an assignment is done on time when completed before the due day ends;
//   - OPEN, with the task's weight and the measure's comparison.
//
// With [WithPrevious], assignments with an id of the previous decomposition
// keep its recorded progress (actual value, evidence, completion time,
// status) and holder history. An open one follows its post from its last
// binding (a changeover recorded since the previous run becomes a Handover);
// a done one keeps its person, and stays done unless the target or the
// comparison changed so that its actual value no longer meets it (it is then
// reopened); a retired one that is produced again is revived, OPEN, with its
// progress. Previous assignments no longer produced are kept, RETIRED, not
// deleted. Decomposing again with the same plan and hierarchy changes
// nothing: the same ids and an empty [Diff].
//
// Decompose holds every assignment in memory (about 400 bytes each); for a
// province, [DecomposeSeq] streams them instead. It returns the context's
// error if ctx is cancelled.
func Decompose(ctx context.Context, p *Plan, opts ...Option) (*Decomposition, error) {
	cfg := newConfig(opts)
	d := &Decomposition{Assignments: make([]*zerenv1.Assignment, 0, p.Len())}
	err := emit(ctx, p, cfg, func(a *zerenv1.Assignment, ch change) bool {
		d.Assignments = append(d.Assignments, a)
		switch ch {
		case changeAdded:
			d.Diff.Added = append(d.Diff.Added, a)
		case changeChanged:
			d.Diff.Changed = append(d.Diff.Changed, a)
		case changeRetired:
			d.Diff.Retired = append(d.Diff.Retired, a)
		case changeNone:
			if cfg.previous != nil {
				d.Diff.Unchanged++
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DecomposeSeq yields the assignments of [Decompose] one at a time, in the
// same order and with the same options, without holding them: a caller that
// writes them to a database needs memory for one batch, not the year. It
// yields (nil, err) once and stops if ctx is cancelled. Each assignment is a
// new message the caller may keep; assignments are allocated in small slabs,
// so one kept assignment keeps its slab's memory alive.
func DecomposeSeq(ctx context.Context, p *Plan, opts ...Option) iter.Seq2[*zerenv1.Assignment, error] {
	cfg := newConfig(opts)
	return func(yield func(*zerenv1.Assignment, error) bool) {
		stopped := false
		err := emit(ctx, p, cfg, func(a *zerenv1.Assignment, _ change) bool {
			stopped = !yield(a, nil)
			return !stopped
		})
		if err != nil && !stopped {
			yield(nil, err)
		}
	}
}

// change says how an emitted assignment relates to the previous ones.
type change int

const (
	changeNone    change = iota // unchanged, or no previous given
	changeAdded                 // new, or revived
	changeChanged               // plan fields or binding changed
	changeRetired               // no longer produced: retired now
	changeKept                  // retired before, and still not produced
)

// cell holds an assignment with its period and due date, so that a slab of
// cells is one allocation for many assignments.
type cell struct {
	a   zerenv1.Assignment
	per zerenv1.Period
	due timestamppb.Timestamp
}

const slabSize = 512

// generator produces the assignments of a plan.
type generator struct {
	p     *Plan
	cfg   config
	slab  []cell
	prev  map[string]int // previous assignment index by id (first occurrence)
	used  []bool
	idBuf []byte
	ends  []int
	idOut []string
}

func emit(ctx context.Context, p *Plan, cfg config, fn func(*zerenv1.Assignment, change) bool) error {
	g := &generator{p: p, cfg: cfg}
	if cfg.previous != nil {
		g.prev = make(map[string]int, len(cfg.previous))
		g.used = make([]bool, len(cfg.previous))
		for i, a := range cfg.previous {
			if a == nil || a.GetId() == "" {
				continue
			}
			if _, dup := g.prev[a.GetId()]; !dup {
				g.prev[a.GetId()] = i
			}
		}
	}
	for ti := range p.tasks {
		t := &p.tasks[ti]
		for k, pi := range t.targets {
			if k%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			post := &p.posts[pi]
			if cfg.orgs != nil && !cfg.orgs(post.org) {
				continue
			}
			ids := g.ids(t, post)
			for j := range t.periods {
				a, ch := g.assignment(t, post, &t.periods[j], ids[j])
				if !fn(a, ch) {
					return nil
				}
			}
		}
	}
	for i, old := range cfg.previous {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if old == nil || g.used[i] {
			continue
		}
		if j, ok := g.prev[old.GetId()]; ok && j != i {
			continue // a duplicate id: the first occurrence stands for it
		}
		r := proto.CloneOf(old)
		ch := changeKept
		if r.GetStatus() != zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
			r.Status, ch = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED, changeRetired
		}
		if !fn(r, ch) {
			return nil
		}
	}
	return nil
}

// ids returns the assignment ids of a task at a post for each period, sliced
// from one string. The slice is reused by the next call.
func (g *generator) ids(t *planTask, post *postRef) []string {
	b, ends := g.idBuf[:0], g.ends[:0]
	for j := range t.periods {
		b = append(b, t.pb.GetId()...)
		b = append(b, '/')
		b = append(b, post.org...)
		b = append(b, '/')
		if t.perPost {
			b = append(b, post.id...)
			b = append(b, '/')
		}
		b = append(b, t.periods[j].label...)
		ends = append(ends, len(b))
	}
	s := string(b)
	out := g.idOut[:0]
	start := 0
	for _, e := range ends {
		out = append(out, s[start:e])
		start = e
	}
	g.idBuf, g.ends, g.idOut = b, ends, out
	return out
}

func (g *generator) alloc() *cell {
	if len(g.slab) == 0 {
		g.slab = make([]cell, slabSize)
	}
	c := &g.slab[0]
	g.slab = g.slab[1:]
	return c
}

// assignment builds one assignment and merges it with its previous version.
func (g *generator) assignment(t *planTask, post *postRef, per *periodPlan, id string) (*zerenv1.Assignment, change) {
	c := g.alloc()
	a := &c.a
	c.per.Kind = t.pb.GetMeasure().GetPeriodKind()
	c.per.Year = g.p.pb.GetYear()
	c.per.Index = per.index
	c.due.Seconds = per.due.Unix()
	a.Id = id
	a.TaskId = t.pb.GetId()
	a.OrganizationId = post.org
	a.PostId = post.id
	a.Period = &c.per
	a.Target = per.target
	a.Due = &c.due
	a.Status = zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_OPEN
	a.Weight = t.pb.GetWeight()
	a.Comparison = t.pb.GetMeasure().GetComparison()
	if g.prev == nil {
		g.bind(a, post, per)
		return a, changeNone
	}
	i, ok := g.prev[id]
	if !ok {
		g.bind(a, post, per)
		return a, changeAdded
	}
	g.used[i] = true
	old := g.cfg.previous[i]
	a.Actual = old.GetActual()
	a.Evidence = slices.Clip(old.GetEvidence())
	if old.GetCompletedAt() != nil {
		a.CompletedAt = proto.CloneOf(old.GetCompletedAt())
	}
	status := old.GetStatus()
	if status == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_RETIRED {
		// Revived: the task or scope came back.
		a.CompletedAt = nil
		a.Handovers = slices.Clip(old.GetHandovers())
		g.bind(a, post, per)
		return a, changeAdded
	}
	planEdited := old.GetTarget() != a.GetTarget() || old.GetComparison() != a.GetComparison()
	if status == zerenv1.AssignmentStatus_ASSIGNMENT_STATUS_DONE &&
		(!planEdited || met(a.GetComparison(), a.GetActual(), a.GetTarget())) {
		a.Status = status
		a.PostId, a.PersonId, a.AppointmentId = old.GetPostId(), old.GetPersonId(), old.GetAppointmentId()
		a.Handovers = slices.Clip(old.GetHandovers())
	} else {
		a.CompletedAt = nil
		g.follow(a, old, post, per)
	}
	if ext := old.GetExtendedDue(); ext != nil {
		// An approved extension (延期) stands: the due date is the later of
		// the extension and the plan's.
		a.ExtendedDue = proto.CloneOf(ext)
		if ext.AsTime().After(a.GetDue().AsTime()) {
			a.Due = proto.CloneOf(ext)
		}
	}
	if planChanged(old, a) || old.GetStatus() != a.GetStatus() {
		return a, changeChanged
	}
	return a, changeNone
}

// bind gives a new assignment its first holder and, with WithAsOf, follows
// its post up to that date.
func (g *generator) bind(a *zerenv1.Assignment, post *postRef, per *periodPlan) {
	if h := initialHolder(post.apps, per.start, per.end); h >= 0 {
		a.PersonId, a.AppointmentId = post.apps[h].person, post.apps[h].id
	}
	if !g.cfg.asOf.IsZero() {
		follow(a, post.apps, per.start, clampInto(g.cfg.asOf, per.start, per.until))
	}
}

// follow continues an open assignment's binding from its previous version.
func (g *generator) follow(a, old *zerenv1.Assignment, post *postRef, per *periodPlan) {
	prevSince := since(old, per.start)
	if old.GetPersonId() == "" && old.GetPostId() == post.id {
		// Nobody was bound: bind afresh, keeping the history.
		a.Handovers = slices.Clip(old.GetHandovers())
		g.bind(a, post, per)
		return
	}
	if old.GetPostId() != post.id {
		// The post itself changed (the structure was re-keyed): bind afresh
		// and bridge from the previous holder.
		g.bind(a, post, per)
		if p := old.GetPersonId(); p != "" && a.GetPersonId() != "" && p != a.GetPersonId() {
			a.Handovers = append(append(slices.Clip(old.GetHandovers()), &zerenv1.Handover{
				FromPersonId: p, ToPersonId: a.GetPersonId(), AppointmentId: a.GetAppointmentId(),
				At: timestamppb.New(timeOf(prevSince)),
			}), a.GetHandovers()...)
		}
		return
	}
	a.PersonId, a.AppointmentId = old.GetPersonId(), old.GetAppointmentId()
	a.Handovers = slices.Clip(old.GetHandovers())
	until := clampInto(g.cfg.asOf, per.start, per.until)
	follow(a, post.apps, prevSince, max(until, prevSince))
}

// planChanged reports whether the planned fields or the binding of an
// assignment differ between two versions: target, due date, weight,
// comparison, post, person or appointment.
func planChanged(old, a *zerenv1.Assignment) bool {
	return old.GetTarget() != a.GetTarget() ||
		old.GetDue().GetSeconds() != a.GetDue().GetSeconds() || old.GetDue().GetNanos() != a.GetDue().GetNanos() ||
		old.GetWeight() != a.GetWeight() || old.GetComparison() != a.GetComparison() ||
		old.GetPostId() != a.GetPostId() || old.GetPersonId() != a.GetPersonId() ||
		old.GetAppointmentId() != a.GetAppointmentId()
}
