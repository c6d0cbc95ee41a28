package accountability

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/cel"
	"github.com/zerenlab/zeren/checklist"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
	"github.com/zerenlab/zeren/responsibility"
)

// Propose evaluates every trigger for every unit of a run and returns the
// proposals, ordered by unit, trigger and addressee, each with status
// PROPOSED. facts and results are matched by unit id; a unit without a
// result is evaluated with an empty one.
//
// The unit's top organisation — the one carrying 主体责任 — comes from the
// hierarchy ([responsibility.Hierarchy.TopOrganization]), never from the
// order of the facts' organisations; organisation measures address it.
// Person measures are addressed through [responsibility.Hierarchy.Liability]
// and depend on the trigger's scope:
//
//   - PERIOD (default): the failure is the period's outcome at the top
//     organisation. Each post selected is addressed once, naming in tenures
//     everyone who held it during the period, with dates and days, the
//     holder on the period's last day marked (终身问责: a predecessor who
//     held the post for most of the year is never dropped). The proposal's
//     liability is that of the latest holder selected.
//   - FINDING, CASE: the condition is evaluated once per finding (case),
//     seeing the facts with that one item; a proposal is addressed at the
//     item's organisation (if the hierarchy knows it in the unit, else the
//     top organisation) to whoever held the posts on the item's date — the
//     date it was found, or the date the case was opened (the period's last
//     instant when unset).
//
// People are selected by the trigger's liability grades (default 主要领导责任),
// its responsibility kinds (e.g. only 第一责任人) and duty area. Evidence
// names what counted: the condition, every fact it read — lists by their
// ids (veto ids, finding ids, case ids), never by count — and the finding or
// case a scoped proposal rests on. Each proposal states whether its measure
// is a 问责方式 or an early form of supervision ([Basis]).
//
// A trigger that fails for one unit is returned as a Diagnostic and the run
// goes on; a cancelled context stops it with ctx.Err().
func (p *Proposer) Propose(ctx context.Context, facts []*zerenv1.UnitFacts, results []*zerenv1.Result) ([]*zerenv1.Proposal, []Diagnostic, error) {
	byUnit := make(map[string]*zerenv1.Result, len(results))
	for _, r := range results {
		byUnit[r.GetUnitId()] = r
	}
	var out []*zerenv1.Proposal
	var diags []Diagnostic
	for _, f := range facts {
		unitID := f.GetUnit().GetId()
		res := byUnit[unitID]
		if res == nil {
			res = &zerenv1.Result{UnitId: unitID, Period: f.GetPeriod()}
		}
		for _, t := range p.triggers {
			for _, sub := range subjects(t.scope, f) {
				if err := ctx.Err(); err != nil {
					return nil, nil, err
				}
				v, err := t.prg.Eval(ctx, sub.facts, cel.WithResult(res), cel.WithTrace())
				if err != nil {
					if ctx.Err() != nil {
						return nil, nil, ctx.Err()
					}
					diags = append(diags, Diagnostic{TriggerID: t.pb.GetId(), UnitID: unitID, Err: err})
					continue
				}
				if !v.Bool {
					continue
				}
				props, err := p.proposals(t, sub, res, v.Inputs)
				if err != nil {
					diags = append(diags, Diagnostic{TriggerID: t.pb.GetId(), UnitID: unitID, Err: err})
					continue
				}
				out = append(out, props...)
			}
		}
	}
	return out, diags, nil
}

// subject is what one evaluation of a trigger is about: the whole period,
// or one finding or case of it.
type subject struct {
	facts *zerenv1.UnitFacts
	// id, orgID and at are set for a finding or a case.
	id, kind, orgID string
	at              *timestamppb.Timestamp
}

func subjects(scope zerenv1.TriggerScope, f *zerenv1.UnitFacts) []subject {
	switch scope {
	case zerenv1.TriggerScope_TRIGGER_SCOPE_FINDING:
		out := make([]subject, 0, len(f.GetFindings()))
		for i, x := range f.GetFindings() {
			out = append(out, subject{facts: withOnly(f, "findings", x), id: itemID(x.GetId(), "finding", i), kind: "finding",
				orgID: x.GetOrganizationId(), at: x.GetFoundAt()})
		}
		return out
	case zerenv1.TriggerScope_TRIGGER_SCOPE_CASE:
		out := make([]subject, 0, len(f.GetCases()))
		for i, x := range f.GetCases() {
			out = append(out, subject{facts: withOnly(f, "cases", x), id: itemID(x.GetId(), "case", i), kind: "case",
				orgID: x.GetOrganizationId(), at: x.GetOpenedAt()})
		}
		return out
	}
	return []subject{{facts: f}}
}

// itemID is an item's id, or its kind and position when it has none.
func itemID(id, kind string, i int) string {
	if id != "" {
		return id
	}
	return fmt.Sprintf("%s#%d", kind, i+1)
}

// withOnly returns facts that share every field of f except the list field,
// which holds item alone. Fields are copied by reflection so that facts
// fields added later are kept.
func withOnly(f *zerenv1.UnitFacts, field protoreflect.Name, item proto.Message) *zerenv1.UnitFacts {
	src := f.ProtoReflect()
	dst := src.New()
	src.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Name() != field {
			dst.Set(fd, v)
		}
		return true
	})
	fd := dst.Descriptor().Fields().ByName(field)
	dst.Mutable(fd).List().Append(protoreflect.ValueOfMessage(item.ProtoReflect()))
	return dst.Interface().(*zerenv1.UnitFacts)
}

func (p *Proposer) proposals(t trigger, sub subject, res *zerenv1.Result, inputs []*zerenv1.Input) ([]*zerenv1.Proposal, error) {
	f := sub.facts
	unitID := f.GetUnit().GetId()
	top, err := p.h.TopOrganization(unitID)
	if err != nil {
		o, ok := p.h.Organization(f.GetOrganization().GetId())
		if !ok {
			return nil, fmt.Errorf("unit %q has no organisation in the hierarchy", unitID)
		}
		top = o
	}
	start, end, ok := calendar.PeriodBounds(f.GetPeriod(), p.h.Location())
	if !ok {
		return nil, fmt.Errorf("unit %q: the facts' period %v is not a valid period", unitID, f.GetPeriod())
	}
	basis, citation := Basis(t.pb.GetMeasure())
	base := &zerenv1.Proposal{
		TriggerId: t.pb.GetId(), UnitId: unitID, Period: f.GetPeriod(),
		Measure: t.pb.GetMeasure(), CustomMeasure: t.pb.GetCustomMeasure(),
		Evidence:        evidence(t.pb.GetCondition(), sub, f, res, inputs, p.h.Location()),
		Status:          zerenv1.ProposalStatus_PROPOSAL_STATUS_PROPOSED,
		Note:            t.pb.GetBasis(),
		MeasureBasis:    basis,
		MeasureCitation: citation,
		SubjectId:       sub.id,
	}
	prefix := fmt.Sprintf("%s/%s/%s", t.pb.GetId(), unitID, checklist.PeriodLabel(f.GetPeriod()))
	if sub.id != "" {
		prefix += "/" + sub.id
	}
	last := end.Add(-time.Nanosecond)
	if t.pb.GetTarget() == zerenv1.ProposalTarget_PROPOSAL_TARGET_ORGANIZATION {
		base.Id = prefix + "/" + top.GetId()
		base.OrganizationId = top.GetId()
		base.FailureAt = timestamppb.New(last)
		if sub.at != nil {
			base.FailureAt = sub.at
		}
		return []*zerenv1.Proposal{base}, nil
	}
	var out []*zerenv1.Proposal
	if sub.kind != "" {
		out, err = p.dated(t, base, prefix, p.subjectOrg(sub, unitID, top), sub.at, last)
	} else {
		out, err = p.period(t, base, prefix, top.GetId(), start, end)
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *zerenv1.Proposal) int {
		return cmp.Compare(a.GetLiability().GetKind(), b.GetLiability().GetKind())
	})
	return out, nil
}

// subjectOrg is where a finding or case happened: its organisation when the
// hierarchy knows it in the unit, else the unit's top organisation.
func (p *Proposer) subjectOrg(sub subject, unitID string, top *zerenv1.Organization) string {
	if o, ok := p.h.Organization(sub.orgID); ok && o.GetUnitId() == unitID {
		return o.GetId()
	}
	return top.GetId()
}

// selects reports whether a trigger addresses a liable party.
func (p *Proposer) selects(t trigger, l *zerenv1.Liability) bool {
	if l.GetPersonId() == "" || !slices.Contains(t.kinds, l.GetKind()) {
		return false
	}
	if len(t.resp) == 0 {
		return true
	}
	post, ok := p.h.Post(l.GetPostId())
	if !ok {
		return false
	}
	kind, ok := p.h.PostKind(post.GetPostKindId())
	return ok && slices.Contains(t.resp, kind.GetResponsibility())
}

// dated addresses a finding's or case's proposal to the holders on its date.
func (p *Proposer) dated(t trigger, base *zerenv1.Proposal, prefix, orgID string, at *timestamppb.Timestamp, fallback time.Time) ([]*zerenv1.Proposal, error) {
	when := fallback
	if at != nil && at.IsValid() {
		when = at.AsTime()
	}
	report, err := p.h.Liability(orgID, when, p.liabilityOptions(t)...)
	if err != nil {
		return nil, err
	}
	var out []*zerenv1.Proposal
	for _, l := range report.GetLiabilities() {
		if !p.selects(t, l) {
			continue
		}
		pr := proto.CloneOf(base)
		pr.Id = prefix + "/" + l.GetPersonId()
		pr.OrganizationId = l.GetOrganizationId()
		pr.Liability = l
		pr.FailureAt = timestamppb.New(when)
		out = append(out, pr)
	}
	return out, nil
}

// period addresses a period's proposal: every post selected on any day of
// the period, once, with the tenures of everyone who held it.
func (p *Proposer) period(t trigger, base *zerenv1.Proposal, prefix, orgID string, start, end time.Time) ([]*zerenv1.Proposal, error) {
	// The instants at which the holders can differ: the period's last
	// instant, and the last instant of every appointment that ends within
	// the period at the organisations concerned, latest first.
	last := end.Add(-time.Nanosecond)
	instants := []time.Time{last}
	for _, postID := range p.postsConcerned(orgID) {
		apps, _ := p.h.Appointments(postID)
		for _, a := range apps {
			if a.GetEnd() == nil {
				continue
			}
			e := a.GetEnd().AsTime()
			if e.After(start) && e.Before(end) {
				instants = append(instants, e.Add(-time.Nanosecond))
			}
		}
	}
	slices.SortFunc(instants, func(a, b time.Time) int { return b.Compare(a) })
	instants = slices.CompactFunc(instants, time.Time.Equal)

	type pick struct{ l *zerenv1.Liability }
	var order []string
	picked := map[string]pick{}
	for _, at := range instants {
		report, err := p.h.Liability(orgID, at, p.liabilityOptions(t)...)
		if err != nil {
			return nil, err
		}
		for _, l := range report.GetLiabilities() {
			if !p.selects(t, l) {
				continue
			}
			if _, ok := picked[l.GetPostId()]; ok {
				continue
			}
			picked[l.GetPostId()] = pick{l}
			order = append(order, l.GetPostId())
		}
	}
	var out []*zerenv1.Proposal
	used := map[string]bool{}
	for _, postID := range order {
		l := picked[postID].l
		tenures, err := p.h.Tenures(postID, start, end)
		if err != nil {
			return nil, err
		}
		pr := proto.CloneOf(base)
		pr.Id = prefix + "/" + l.GetPersonId()
		if used[pr.Id] {
			pr.Id += "/" + postID
		}
		used[pr.Id] = true
		pr.OrganizationId = l.GetOrganizationId()
		pr.Liability = l
		pr.Tenures = tenures
		pr.FailureAt = timestamppb.New(last)
		out = append(out, pr)
	}
	return out, nil
}

// postsConcerned lists the posts whose holders Liability may name for a
// failure at orgID: those of its unit's organisations and of its ancestors.
func (p *Proposer) postsConcerned(orgID string) []string {
	var orgs []*zerenv1.Organization
	if o, ok := p.h.Organization(orgID); ok {
		orgs, _ = p.h.UnitOrganizations(o.GetUnitId())
	}
	anc, _ := p.h.Ancestors(orgID)
	orgs = append(orgs, anc...)
	var out []string
	for _, o := range orgs {
		posts, _ := p.h.Posts(o.GetId())
		for _, post := range posts {
			out = append(out, post.GetId())
		}
	}
	return out
}

// citesArticle8 reports whether a trigger's basis cites 问责条例第八条.
func citesArticle8(basis string) bool {
	return strings.Contains(basis, "问责条例") && strings.Contains(basis, "第八条")
}

func (p *Proposer) liabilityOptions(t trigger) []responsibility.LiabilityOption {
	if a := t.pb.GetDutyAreaId(); a != "" {
		return []responsibility.LiabilityOption{responsibility.InDutyArea(a)}
	}
	return nil
}
