package responsibility

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// builder validates the input and fills the hierarchy's indexes, collecting
// every problem rather than stopping at the first.
type builder struct {
	h        *Hierarchy
	problems problem.List
}

// add records a problem with its Chinese and English message; path locates
// the record in its document ("organizations[3]"), empty for the document.
func (b *builder) add(kind ProblemKind, record, path, id, name, field, zh, en string) {
	b.problems = append(b.problems, problem.Problem{Code: kind, Record: record, Path: path, ID: id, Name: name,
		Field: field, MessageZh: zh, Message: en})
}

// at locates the i-th record (from 0) of a list: at("posts", 3) is "posts[3]".
func at(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }

// recordID names a record by id, or by its position when the id is empty.
func recordID(id string, i int) string { return problem.RecordID(id, i) }

// index builds an id index over records, reporting empty and duplicate ids.
// Records with a bad id are left out of the index (but still reported).
func index[T any](b *builder, record, list string, items []T, id func(T) string, name func(T) string) map[string]int32 {
	m := make(map[string]int32, len(items))
	for i, it := range items {
		k := id(it)
		if k == "" {
			b.add(ProblemMissingField, record, at(list, i), recordID(k, i), name(it), "id", "编号为空", "id is empty")
			continue
		}
		if j, dup := m[k]; dup {
			b.add(ProblemDuplicateID, record, at(list, i), k, name(it), "id",
				fmt.Sprintf("编号与第%d个%s（%s）重复", j+1, problem.RecordZh(record), name(items[j])),
				fmt.Sprintf("id is also used by %s #%d (%s)", record, j+1, name(items[j])))
			continue
		}
		m[k] = int32(i)
	}
	return m
}

func (b *builder) framework() {
	h, fw := b.h, b.h.fw
	if fw.GetId() == "" {
		b.add(ProblemMissingField, "framework", "", "#1", fw.GetName(), "id", "编号为空", "id is empty")
	}
	h.levels = fw.GetLevels()
	h.levelIdx = index(b, "level", "levels", h.levels, (*zerenv1.Level).GetId, (*zerenv1.Level).GetName)
	h.principalLevel = make([]bool, len(h.levels))
	for i, l := range h.levels {
		id := recordID(l.GetId(), i)
		if l.GetName() == "" {
			b.add(ProblemMissingField, "level", at("levels", i), id, "", "name", "名称为空", "name is empty")
		}
		for _, p := range l.GetParentLevelIds() {
			if _, ok := h.levelIdx[p]; !ok {
				b.add(ProblemDanglingReference, "level", at("levels", i), id, l.GetName(), "parent_level_ids",
					fmt.Sprintf("上级层级“%s”不存在", p), fmt.Sprintf("parent level %q does not exist", p))
			}
		}
		h.principalLevel[i] = slices.Contains(l.GetResponsibilities(), zerenv1.ResponsibilityKind_RESPONSIBILITY_KIND_PRINCIPAL)
	}
	b.levelCycles()
	h.kinds = fw.GetPostKinds()
	h.kindIdx = index(b, "post kind", "post_kinds", h.kinds, (*zerenv1.PostKind).GetId, (*zerenv1.PostKind).GetName)
	for i, k := range h.kinds {
		id := recordID(k.GetId(), i)
		if k.GetName() == "" {
			b.add(ProblemMissingField, "post kind", at("post_kinds", i), id, "", "name", "名称为空", "name is empty")
		}
		if _, ok := h.levelIdx[k.GetLevelId()]; !ok {
			b.add(ProblemDanglingReference, "post kind", at("post_kinds", i), id, k.GetName(), "level_id",
				fmt.Sprintf("责任体系“%s”中没有层级“%s”", fw.GetId(), k.GetLevelId()),
				fmt.Sprintf("level %q does not exist in framework %q", k.GetLevelId(), fw.GetId()))
		}
	}
	clauseIDs := index(b, "clause", "clauses", fw.GetClauses(), (*zerenv1.Clause).GetId, (*zerenv1.Clause).GetNumber)
	_ = clauseIDs
	for i, c := range fw.GetClauses() {
		id := recordID(c.GetId(), i)
		switch {
		case c.GetLevelId() == "" && c.GetPostKindId() == "":
			b.add(ProblemMissingField, "clause", at("clauses", i), id, c.GetNumber(), "level_id",
				"责任条目应指定层级或岗位类型，两者均未填写", "a clause binds a level or a post kind; neither is set")
		case c.GetLevelId() != "" && c.GetPostKindId() != "":
			b.add(ProblemInvalidValue, "clause", at("clauses", i), id, c.GetNumber(), "post_kind_id",
				"责任条目只能指定层级或岗位类型之一，不能同时指定", "a clause binds a level or a post kind, not both")
		case c.GetLevelId() != "":
			if _, ok := h.levelIdx[c.GetLevelId()]; !ok {
				b.add(ProblemDanglingReference, "clause", at("clauses", i), id, c.GetNumber(), "level_id",
					fmt.Sprintf("层级“%s”不存在", c.GetLevelId()), fmt.Sprintf("level %q does not exist", c.GetLevelId()))
			}
		default:
			if _, ok := h.kindIdx[c.GetPostKindId()]; !ok {
				b.add(ProblemDanglingReference, "clause", at("clauses", i), id, c.GetNumber(), "post_kind_id",
					fmt.Sprintf("岗位类型“%s”不存在", c.GetPostKindId()), fmt.Sprintf("post kind %q does not exist", c.GetPostKindId()))
			}
		}
		if c.GetText() == "" {
			b.add(ProblemMissingField, "clause", at("clauses", i), id, c.GetNumber(), "text", "条文为空", "text is empty")
		}
	}
}

// levelCycles reports levels that are their own ancestors through
// parent_level_ids.
func (b *builder) levelCycles() {
	h := b.h
	const (
		white = iota
		grey
		black
	)
	color := make([]int8, len(h.levels))
	var visit func(i int32) bool
	visit = func(i int32) bool {
		color[i] = grey
		for _, p := range h.levels[i].GetParentLevelIds() {
			j, ok := h.levelIdx[p]
			if !ok {
				continue
			}
			if color[j] == grey || (color[j] == white && visit(j)) {
				color[i] = black
				return true
			}
		}
		color[i] = black
		return false
	}
	for i, l := range h.levels {
		if color[i] == white && visit(int32(i)) {
			b.add(ProblemCycle, "level", at("levels", i), l.GetId(), l.GetName(), "parent_level_ids",
				"层级通过上级层级形成循环", "levels form a cycle through their parent levels")
		}
	}
}

func (b *builder) structure(s *zerenv1.Structure) {
	h := b.h
	if s.GetFrameworkId() != "" && s.GetFrameworkId() != h.fw.GetId() {
		b.add(ProblemFrameworkMismatch, "structure", "", s.GetFrameworkId(), "", "framework_id",
			fmt.Sprintf("组织结构采用责任体系“%s”，但本次按责任体系“%s”构建", s.GetFrameworkId(), h.fw.GetId()),
			fmt.Sprintf("the structure follows framework %q, but the hierarchy is built with framework %q",
				s.GetFrameworkId(), h.fw.GetId()))
	}
	h.units = s.GetUnits()
	h.unitIdx = index(b, "unit", "units", h.units, (*zerenv1.Unit).GetId, (*zerenv1.Unit).GetName)
	for i, u := range h.units {
		if u.GetName() == "" {
			b.add(ProblemMissingField, "unit", at("units", i), recordID(u.GetId(), i), "", "name", "名称为空", "name is empty")
		}
	}
	h.areas = s.GetDutyAreas()
	h.areaIdx = index(b, "duty area", "duty_areas", h.areas, (*zerenv1.DutyArea).GetId, (*zerenv1.DutyArea).GetName)
	h.people = s.GetPeople()
	h.personIdx = index(b, "person", "people", h.people, (*zerenv1.Person).GetId, (*zerenv1.Person).GetName)
	for i, p := range h.people {
		if p.GetName() == "" {
			b.add(ProblemMissingField, "person", at("people", i), recordID(p.GetId(), i), "", "name", "姓名为空", "name is empty")
		}
	}
	b.organizations(s.GetOrganizations())
	b.posts(s.GetPosts())
	b.appointments(s.GetAppointments())
}

func (b *builder) organizations(orgs []*zerenv1.Organization) {
	h := b.h
	h.orgIdx = index(b, "organization", "organizations", orgs, (*zerenv1.Organization).GetId, (*zerenv1.Organization).GetName)
	h.orgs = make([]orgNode, len(orgs))
	h.unitOrgs = make([][]int32, len(h.units))
	for i, o := range orgs {
		n := &h.orgs[i]
		n.pb, n.parent, n.unit, n.level = o, -1, -1, -1
		id := recordID(o.GetId(), i)
		if o.GetName() == "" {
			b.add(ProblemMissingField, "organization", at("organizations", i), id, "", "name", "名称为空", "name is empty")
		}
		if o.GetMemberCount() < 0 {
			b.add(ProblemInvalidValue, "organization", at("organizations", i), id, o.GetName(), "member_count",
				fmt.Sprintf("党员人数%d为负数", o.GetMemberCount()), fmt.Sprintf("member count %d is negative", o.GetMemberCount()))
		}
		if l, ok := h.levelIdx[o.GetLevelId()]; ok {
			n.level = l
		} else if o.GetLevelId() == "" {
			b.add(ProblemMissingField, "organization", at("organizations", i), id, o.GetName(), "level_id", "未填写层级", "level_id is empty")
		} else {
			b.add(ProblemDanglingReference, "organization", at("organizations", i), id, o.GetName(), "level_id",
				fmt.Sprintf("责任体系“%s”中没有层级“%s”", h.fw.GetId(), o.GetLevelId()),
				fmt.Sprintf("level %q does not exist in framework %q", o.GetLevelId(), h.fw.GetId()))
		}
		if u, ok := h.unitIdx[o.GetUnitId()]; ok {
			n.unit = u
			h.unitOrgs[u] = append(h.unitOrgs[u], int32(i))
		} else if o.GetUnitId() == "" {
			b.add(ProblemMissingField, "organization", at("organizations", i), id, o.GetName(), "unit_id", "未填写所属单位", "unit_id is empty")
		} else {
			b.add(ProblemDanglingReference, "organization", at("organizations", i), id, o.GetName(), "unit_id",
				fmt.Sprintf("单位“%s”不存在", o.GetUnitId()), fmt.Sprintf("unit %q does not exist", o.GetUnitId()))
		}
	}
	for i, o := range orgs {
		n := &h.orgs[i]
		id := recordID(o.GetId(), i)
		if o.GetParentId() == "" {
			if n.level >= 0 && len(h.levels[n.level].GetParentLevelIds()) > 0 {
				b.add(ProblemWrongLevel, "organization", at("organizations", i), id, o.GetName(), "parent_id",
					fmt.Sprintf("“%s”层级的党组织须有%s层级的上级党组织",
						h.levels[n.level].GetName(), h.levelNamesZh(h.levels[n.level].GetParentLevelIds())),
					fmt.Sprintf("an organisation at level %q needs a parent at level %s",
						h.levels[n.level].GetName(), h.levelNames(h.levels[n.level].GetParentLevelIds())))
			}
			continue
		}
		p, ok := h.orgIdx[o.GetParentId()]
		if !ok {
			b.add(ProblemDanglingReference, "organization", at("organizations", i), id, o.GetName(), "parent_id",
				fmt.Sprintf("上级党组织“%s”不存在", o.GetParentId()), fmt.Sprintf("parent %q does not exist", o.GetParentId()))
			continue
		}
		if p == int32(i) {
			b.add(ProblemCycle, "organization", at("organizations", i), id, o.GetName(), "parent_id",
				"党组织的上级是其自身", "the organisation is its own parent")
			continue
		}
		n.parent = p
		pn := &h.orgs[p]
		if n.level >= 0 && pn.level >= 0 {
			lv := h.levels[n.level]
			if !slices.Contains(lv.GetParentLevelIds(), h.levels[pn.level].GetId()) {
				allowed, allowedZh := "no parent (it is a top level)", "不设上级（最高层级）"
				if len(lv.GetParentLevelIds()) > 0 {
					allowed = "a parent at level " + h.levelNames(lv.GetParentLevelIds())
					allowedZh = "上级为" + h.levelNamesZh(lv.GetParentLevelIds()) + "层级"
				}
				b.add(ProblemWrongLevel, "organization", at("organizations", i), id, o.GetName(), "parent_id",
					fmt.Sprintf("上级党组织“%s”（%s）属于“%s”层级，而“%s”层级应%s",
						pn.pb.GetId(), pn.pb.GetName(), h.levels[pn.level].GetName(), lv.GetName(), allowedZh),
					fmt.Sprintf("parent %q (%s) is at level %q, but level %q allows %s",
						pn.pb.GetId(), pn.pb.GetName(), h.levels[pn.level].GetName(), lv.GetName(), allowed))
			}
			if n.unit >= 0 && pn.unit >= 0 && n.unit != pn.unit && !h.levels[pn.level].GetSupervising() {
				b.add(ProblemWrongLevel, "organization", at("organizations", i), id, o.GetName(), "unit_id",
					fmt.Sprintf("所属单位“%s”与上级党组织的单位“%s”不同；只有指导层级（机关工委）可以领导其他单位的党组织",
						o.GetUnitId(), pn.pb.GetUnitId()),
					fmt.Sprintf("unit %q differs from its parent's unit %q; only a supervising level (a work committee) may lead organisations of other units",
						o.GetUnitId(), pn.pb.GetUnitId()))
			}
		}
	}
	b.orgCycles()
	for i := range h.orgs {
		n := &h.orgs[i]
		if n.parent < 0 {
			h.roots = append(h.roots, int32(i))
		} else {
			h.orgs[n.parent].children = append(h.orgs[n.parent].children, int32(i))
		}
	}
	// Depths, from the roots down (cycles were cut above).
	stack := slices.Clone(h.roots)
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range h.orgs[i].children {
			h.orgs[c].depth = h.orgs[i].depth + 1
			stack = append(stack, c)
		}
	}
}

// orgCycles reports each cycle of parent links once, naming its members, and
// cuts it so that later walks terminate.
func (b *builder) orgCycles() {
	h := b.h
	state := make([]int8, len(h.orgs)) // 0 unseen, 1 on the current path, 2 done
	for start := range h.orgs {
		if state[start] != 0 {
			continue
		}
		var path []int32
		i := int32(start)
		for i >= 0 && state[i] == 0 {
			state[i] = 1
			path = append(path, i)
			i = h.orgs[i].parent
		}
		if i >= 0 && state[i] == 1 {
			k := slices.Index(path, i)
			cycle := path[k:]
			ids := make([]string, len(cycle))
			for j, c := range cycle {
				ids[j] = h.orgs[c].pb.GetId()
			}
			first := h.orgs[cycle[0]].pb
			b.add(ProblemCycle, "organization", at("organizations", int(cycle[0])), first.GetId(), first.GetName(), "parent_id",
				fmt.Sprintf("党组织的上级关系形成循环：%s", strings.Join(ids, "→")),
				fmt.Sprintf("organisations form a cycle of parents: %v", ids))
			h.orgs[cycle[len(cycle)-1]].parent = -1
		}
		for _, p := range path {
			state[p] = 2
		}
	}
}

// levelNamesZh names levels in Chinese quotes, joined by 或.
func (h *Hierarchy) levelNamesZh(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, "“"+h.levelName(id)+"”")
	}
	return strings.Join(names, "或")
}

func (h *Hierarchy) levelNames(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if i, ok := h.levelIdx[id]; ok {
			names = append(names, fmt.Sprintf("%q", h.levels[i].GetName()))
		} else {
			names = append(names, fmt.Sprintf("%q", id))
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return fmt.Sprint(names)
}

func (b *builder) posts(posts []*zerenv1.Post) {
	h := b.h
	h.postIdx = index(b, "post", "posts", posts, (*zerenv1.Post).GetId, (*zerenv1.Post).GetTitle)
	h.posts = make([]postNode, len(posts))
	type key struct{ org, kind int32 }
	single := map[key]int32{}
	for i, p := range posts {
		n := &h.posts[i]
		n.pb, n.org, n.kind = p, -1, -1
		id := recordID(p.GetId(), i)
		o, okOrg := h.orgIdx[p.GetOrganizationId()]
		if !okOrg {
			b.add(ProblemDanglingReference, "post", at("posts", i), id, p.GetTitle(), "organization_id",
				fmt.Sprintf("党组织“%s”不存在", p.GetOrganizationId()),
				fmt.Sprintf("organisation %q does not exist", p.GetOrganizationId()))
		}
		k, okKind := h.kindIdx[p.GetPostKindId()]
		if !okKind {
			b.add(ProblemDanglingReference, "post", at("posts", i), id, p.GetTitle(), "post_kind_id",
				fmt.Sprintf("责任体系“%s”中没有岗位类型“%s”", h.fw.GetId(), p.GetPostKindId()),
				fmt.Sprintf("post kind %q does not exist in framework %q", p.GetPostKindId(), h.fw.GetId()))
		}
		if !okOrg || !okKind {
			continue
		}
		n.org, n.kind = o, k
		org, kind := h.orgs[o], h.kinds[k]
		_, kindLevelKnown := h.levelIdx[kind.GetLevelId()]
		if org.level >= 0 && kindLevelKnown && h.levels[org.level].GetId() != kind.GetLevelId() {
			b.add(ProblemWrongLevel, "post", at("posts", i), id, p.GetTitle(), "post_kind_id",
				fmt.Sprintf("岗位类型“%s”属于“%s”层级，但党组织“%s”（%s）属于“%s”层级",
					kind.GetName(), h.levelName(kind.GetLevelId()), org.pb.GetId(), org.pb.GetName(),
					h.levels[org.level].GetName()),
				fmt.Sprintf("post kind %q belongs at level %q, but organisation %q (%s) is at level %q",
					kind.GetName(), h.levelName(kind.GetLevelId()), org.pb.GetId(), org.pb.GetName(),
					h.levels[org.level].GetName()))
			continue
		}
		if kind.GetSingleHolder() {
			if j, dup := single[key{o, k}]; dup {
				b.add(ProblemOverlap, "post", at("posts", i), id, p.GetTitle(), "post_kind_id",
					fmt.Sprintf("党组织“%s”（%s）已有“%s”岗位（“%s”）；该岗位类型同一时间只设一人",
						org.pb.GetId(), org.pb.GetName(), kind.GetName(), posts[j].GetId()),
					fmt.Sprintf("organisation %q (%s) already has a %q post (%q); the kind has one holder at a time",
						org.pb.GetId(), org.pb.GetName(), kind.GetName(), posts[j].GetId()))
				continue
			}
			single[key{o, k}] = int32(i)
		}
		h.orgs[o].posts = append(h.orgs[o].posts, int32(i))
	}
	for i := range h.orgs {
		slices.SortStableFunc(h.orgs[i].posts, func(a, c int32) int {
			return cmp.Compare(h.posts[a].kind, h.posts[c].kind)
		})
	}
}

func (h *Hierarchy) levelName(id string) string {
	if i, ok := h.levelIdx[id]; ok {
		return h.levels[i].GetName()
	}
	return id
}

func (b *builder) appointments(apps []*zerenv1.Appointment) {
	h := b.h
	h.appIdx = index(b, "appointment", "appointments", apps, (*zerenv1.Appointment).GetId, func(*zerenv1.Appointment) string { return "" })
	h.apps = make([]appNode, len(apps))
	for i, a := range apps {
		n := &h.apps[i]
		n.pb, n.person, n.post, n.end = a, -1, -1, maxInstant
		id := recordID(a.GetId(), i)
		name := ""
		if pi, ok := h.personIdx[a.GetPersonId()]; ok {
			n.person = pi
			name = h.people[pi].GetName()
		} else {
			b.add(ProblemDanglingReference, "appointment", at("appointments", i), id, "", "person_id",
				fmt.Sprintf("人员“%s”不存在", a.GetPersonId()), fmt.Sprintf("person %q does not exist", a.GetPersonId()))
		}
		if pi, ok := h.postIdx[a.GetPostId()]; ok && h.posts[pi].org >= 0 {
			n.post = pi
		} else if !ok {
			b.add(ProblemDanglingReference, "appointment", at("appointments", i), id, name, "post_id",
				fmt.Sprintf("岗位“%s”不存在", a.GetPostId()), fmt.Sprintf("post %q does not exist", a.GetPostId()))
		}
		switch a.GetKind() {
		case zerenv1.AppointmentKind_APPOINTMENT_KIND_UNSPECIFIED:
			n.kind = zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR
		case zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING,
			zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED:
			n.kind = a.GetKind()
		default:
			b.add(ProblemInvalidValue, "appointment", at("appointments", i), id, name, "kind",
				fmt.Sprintf("未知的任职类型%d", int32(a.GetKind())), fmt.Sprintf("unknown appointment kind %d", int32(a.GetKind())))
		}
		okTimes := true
		if a.GetStart() == nil {
			b.add(ProblemMissingField, "appointment", at("appointments", i), id, name, "start", "未填写任职起始日期", "start date is empty")
			okTimes = false
		} else if ns, err := instant(a.GetStart()); err != nil {
			b.add(ProblemInvalidValue, "appointment", at("appointments", i), id, name, "start",
				fmt.Sprintf("起始时间无效：%v", err), fmt.Sprintf("start %v", err))
			okTimes = false
		} else {
			n.start = ns
		}
		if a.GetEnd() != nil {
			if ns, err := instant(a.GetEnd()); err != nil {
				b.add(ProblemInvalidValue, "appointment", at("appointments", i), id, name, "end",
					fmt.Sprintf("结束时间无效：%v", err), fmt.Sprintf("end %v", err))
				okTimes = false
			} else {
				n.end = ns
			}
		}
		if okTimes && a.GetEnd() != nil && n.end <= n.start {
			b.add(ProblemBadInterval, "appointment", at("appointments", i), id, name, "end",
				fmt.Sprintf("结束日期%s不晚于起始日期%s", h.day(n.end), h.day(n.start)),
				fmt.Sprintf("ends %s, not after it starts %s", h.day(n.end), h.day(n.start)))
			okTimes = false
		}
		for _, d := range a.GetDutyAreaIds() {
			if ai, ok := h.areaIdx[d]; ok {
				n.areas = append(n.areas, ai)
			} else {
				b.add(ProblemDanglingReference, "appointment", at("appointments", i), id, name, "duty_area_ids",
					fmt.Sprintf("分管领域“%s”不存在", d), fmt.Sprintf("duty area %q does not exist", d))
			}
		}
		if okTimes && n.person >= 0 && n.post >= 0 {
			h.posts[n.post].apps = append(h.posts[n.post].apps, int32(i))
		}
	}
	for pi := range h.posts {
		p := &h.posts[pi]
		slices.SortStableFunc(p.apps, func(a, c int32) int { return cmp.Compare(h.apps[a].start, h.apps[c].start) })
		if p.kind < 0 || !h.kinds[p.kind].GetSingleHolder() {
			continue
		}
		// Regular and acting appointments to a single-holder post must not
		// overlap; delegated ones stand beside the holder and may.
		last := int32(-1)
		for _, a := range p.apps {
			if h.apps[a].kind == zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED {
				continue
			}
			if last >= 0 && h.apps[a].start < h.apps[last].end {
				cur, prev := h.apps[a], h.apps[last]
				b.add(ProblemOverlap, "appointment", at("appointments", int(a)), cur.pb.GetId(), h.people[cur.person].GetName(), "start",
					fmt.Sprintf("岗位“%s”（%s）同一时间只设一人，但本任职自%s起与%s的任职“%s”（%s至%s）重叠",
						p.pb.GetId(), h.kinds[p.kind].GetName(), h.day(cur.start), h.people[prev.person].GetName(),
						prev.pb.GetId(), h.day(prev.start), h.day(prev.end)),
					fmt.Sprintf("post %q (%s) has one holder at a time, but this appointment from %s overlaps appointment %q of %s (%s to %s)",
						p.pb.GetId(), h.kinds[p.kind].GetName(), h.day(cur.start), prev.pb.GetId(),
						h.people[prev.person].GetName(), h.day(prev.start), h.day(prev.end)))
			}
			if last < 0 || h.apps[a].end > h.apps[last].end {
				last = a
			}
		}
	}
}

// day renders an instant as a date in the hierarchy's time zone.
func (h *Hierarchy) day(ns int64) string {
	if ns == maxInstant {
		return "open end"
	}
	return time.Unix(0, ns).In(h.loc).Format(time.DateOnly)
}

// Instants the hierarchy accepts: years 1900 to 2199, so that they fit in
// Unix nanoseconds with room to spare.
var (
	minAccepted = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxAccepted = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// instant converts a timestamp to Unix nanoseconds, rejecting invalid and
// out-of-range values.
func instant(ts *timestamppb.Timestamp) (int64, error) {
	if err := ts.CheckValid(); err != nil {
		return 0, fmt.Errorf("is not a valid instant: %v", err)
	}
	t := ts.AsTime()
	if t.Before(minAccepted) || !t.Before(maxAccepted) {
		return 0, fmt.Errorf("%s is outside the years 1900–2199", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}
