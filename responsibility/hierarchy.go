package responsibility

import (
	"iter"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Hierarchy is the responsibility structure of one framework: its levels and
// post kinds, the organisations, posts, people and appointments over time,
// indexed for the queries of this package.
//
// A Hierarchy is immutable and safe for concurrent use. It keeps its own
// copies of the inputs; messages it returns are shared and must be treated as
// read-only (clone them with proto.Clone before changing them).
type Hierarchy struct {
	fw        *zerenv1.Framework
	loc       *time.Location
	levels    []*zerenv1.Level
	levelIdx  map[string]int32
	kinds     []*zerenv1.PostKind
	kindIdx   map[string]int32
	units     []*zerenv1.Unit
	unitIdx   map[string]int32
	unitOrgs  [][]int32 // organisations of each unit, input order
	orgs      []orgNode
	orgIdx    map[string]int32
	roots     []int32
	posts     []postNode
	postIdx   map[string]int32
	people    []*zerenv1.Person
	personIdx map[string]int32
	apps      []appNode
	appIdx    map[string]int32
	areas     []*zerenv1.DutyArea
	areaIdx   map[string]int32
	// principalLevel marks levels whose organisations carry 主体责任.
	principalLevel []bool
	// holders are the appointments' Holder messages, shared by replies.
	holders []*zerenv1.Holder
	// links are the organisations' chain links by interval (links.go).
	links []orgLinks
	// liab caches the Liability messages of Liability replies, shared by
	// every reply (liability.go).
	liab liabilityCache
}

type orgNode struct {
	pb       *zerenv1.Organization
	parent   int32 // -1 at a root
	unit     int32
	level    int32
	depth    int32
	children []int32
	posts    []int32 // in framework post-kind order, then input order
}

type postNode struct {
	pb   *zerenv1.Post
	org  int32
	kind int32
	apps []int32 // sorted by start, then input order
}

type appNode struct {
	pb     *zerenv1.Appointment
	person int32
	post   int32
	start  int64 // Unix nanoseconds
	end    int64 // Unix nanoseconds; maxInstant when open
	kind   zerenv1.AppointmentKind
	areas  []int32
}

const maxInstant = int64(^uint64(0) >> 1)

// New validates the framework and the structure together and builds their
// hierarchy. It reports every problem at once as a *ValidationError, each
// naming the record; it never returns a partial hierarchy.
//
// The checks: required ids and names; duplicate ids; dangling references
// (parents, units, levels, post kinds, posts, people, duty areas); cycles of
// parents; an organisation under a parent of a level its own level does not
// allow, or at a top level with a parent; a post kind at an organisation of
// another level; two posts of a single-holder kind at one organisation;
// overlapping regular or acting appointments to a single-holder post; an
// appointment without a start or ending before it starts; a structure that
// names another framework. An appointment kind left unspecified is taken as
// regular.
func New(fw *zerenv1.Framework, s *zerenv1.Structure, opts ...Option) (*Hierarchy, error) {
	cfg := newConfig(opts)
	if fw == nil {
		fw = &zerenv1.Framework{}
	}
	if s == nil {
		s = &zerenv1.Structure{}
	}
	fw = proto.CloneOf(fw)
	s = proto.CloneOf(s)
	b := &builder{h: &Hierarchy{fw: fw, loc: cfg.loc}}
	b.framework()
	b.structure(s)
	if err := problem.New("responsibility", b.problems); err != nil {
		return nil, err
	}
	b.h.precompute()
	return b.h, nil
}

// Framework returns the framework the hierarchy follows.
func (h *Hierarchy) Framework() *zerenv1.Framework { return h.fw }

// Location returns the time zone used to render dates in messages.
func (h *Hierarchy) Location() *time.Location { return h.loc }

// Level returns the framework level with the id.
func (h *Hierarchy) Level(id string) (*zerenv1.Level, bool) {
	i, ok := h.levelIdx[id]
	if !ok {
		return nil, false
	}
	return h.levels[i], true
}

// PostKind returns the framework post kind with the id.
func (h *Hierarchy) PostKind(id string) (*zerenv1.PostKind, bool) {
	i, ok := h.kindIdx[id]
	if !ok {
		return nil, false
	}
	return h.kinds[i], true
}

// Unit returns the unit with the id.
func (h *Hierarchy) Unit(id string) (*zerenv1.Unit, bool) {
	i, ok := h.unitIdx[id]
	if !ok {
		return nil, false
	}
	return h.units[i], true
}

// Organization returns the organisation with the id.
func (h *Hierarchy) Organization(id string) (*zerenv1.Organization, bool) {
	i, ok := h.orgIdx[id]
	if !ok {
		return nil, false
	}
	return h.orgs[i].pb, true
}

// Post returns the post with the id.
func (h *Hierarchy) Post(id string) (*zerenv1.Post, bool) {
	i, ok := h.postIdx[id]
	if !ok {
		return nil, false
	}
	return h.posts[i].pb, true
}

// Person returns the person with the id.
func (h *Hierarchy) Person(id string) (*zerenv1.Person, bool) {
	i, ok := h.personIdx[id]
	if !ok {
		return nil, false
	}
	return h.people[i], true
}

// Appointment returns the appointment with the id.
func (h *Hierarchy) Appointment(id string) (*zerenv1.Appointment, bool) {
	i, ok := h.appIdx[id]
	if !ok {
		return nil, false
	}
	return h.apps[i].pb, true
}

// DutyArea returns the duty area (分管领域) with the id.
func (h *Hierarchy) DutyArea(id string) (*zerenv1.DutyArea, bool) {
	i, ok := h.areaIdx[id]
	if !ok {
		return nil, false
	}
	return h.areas[i], true
}

// Units returns the units in input order.
func (h *Hierarchy) Units() iter.Seq[*zerenv1.Unit] { return seq(h.units) }

// Organizations returns every organisation in input order.
func (h *Hierarchy) Organizations() iter.Seq[*zerenv1.Organization] {
	return func(yield func(*zerenv1.Organization) bool) {
		for i := range h.orgs {
			if !yield(h.orgs[i].pb) {
				return
			}
		}
	}
}

// People returns every person in input order.
func (h *Hierarchy) People() iter.Seq[*zerenv1.Person] { return seq(h.people) }

// Roots returns the organisations without a parent, in input order.
func (h *Hierarchy) Roots() []*zerenv1.Organization { return h.orgList(h.roots) }

// UnitOrganizations returns the organisations of a unit, in input order.
func (h *Hierarchy) UnitOrganizations(unitID string) ([]*zerenv1.Organization, error) {
	i, ok := h.unitIdx[unitID]
	if !ok {
		return nil, notFound("unit", unitID)
	}
	return h.orgList(h.unitOrgs[i]), nil
}

// Posts returns the posts of an organisation in framework post-kind order.
func (h *Hierarchy) Posts(orgID string) ([]*zerenv1.Post, error) {
	i, ok := h.orgIdx[orgID]
	if !ok {
		return nil, notFound("organization", orgID)
	}
	out := make([]*zerenv1.Post, len(h.orgs[i].posts))
	for k, p := range h.orgs[i].posts {
		out[k] = h.posts[p].pb
	}
	return out, nil
}

// Appointments returns the appointments of a post, ordered by start.
func (h *Hierarchy) Appointments(postID string) ([]*zerenv1.Appointment, error) {
	i, ok := h.postIdx[postID]
	if !ok {
		return nil, notFound("post", postID)
	}
	out := make([]*zerenv1.Appointment, len(h.posts[i].apps))
	for k, a := range h.posts[i].apps {
		out[k] = h.apps[a].pb
	}
	return out, nil
}

// Len returns the number of organisations.
func (h *Hierarchy) Len() int { return len(h.orgs) }

func (h *Hierarchy) orgList(idx []int32) []*zerenv1.Organization {
	out := make([]*zerenv1.Organization, len(idx))
	for k, i := range idx {
		out[k] = h.orgs[i].pb
	}
	return out
}

func seq[T any](s []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}
