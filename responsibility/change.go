package responsibility

import (
	"fmt"
	"slices"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/problem"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Apply returns a new structure: st with the changes (结构增量变更) applied
// in order — add or replace a unit, organisation, post, person, appointment
// or duty area by id, remove one, end an appointment (免职), or record a
// rotation (轮岗: end one appointment and start the next on the same date)
// — and the hierarchy built from it. st and the changes are not modified.
//
// The result is validated as a whole against fw, as [New] validates it, so
// that a change may be followed by the one that completes it (a new branch,
// then its posts). Apply returns a [*ValidationError] listing every problem:
// those of the changes themselves (record "change", id "#n" for the n-th
// change, the field inside it) and those of the resulting structure.
// Messages are Chinese first, English in parentheses.
//
// Apply does not know the work bound to the structure; a caller that keeps
// assignments, cases or proposals checks what the change orphans (the
// server's ChangeStructure does).
func Apply(fw *zerenv1.Framework, st *zerenv1.Structure, changes []*zerenv1.StructureChange, opts ...Option) (*zerenv1.Structure, *Hierarchy, error) {
	out, probs := apply(st, changes, newConfig(opts).loc)
	h, err := New(fw, out, opts...)
	if len(probs) > 0 {
		var ve *ValidationError
		if asValidation(err, &ve) {
			probs = append(probs, ve.Problems...)
		} else if err != nil {
			return nil, nil, err
		}
		return nil, nil, problem.New("responsibility", probs)
	}
	if err != nil {
		return nil, nil, err
	}
	return out, h, nil
}

func asValidation(err error, ve **ValidationError) bool {
	v, ok := err.(*ValidationError)
	if ok {
		*ve = v
	}
	return ok
}

// table is one kind of record of a structure being changed, in order, with
// an index by id; removed records leave a nil hole until compact.
type table[T interface {
	proto.Message
	GetId() string
}] struct {
	items []T
	pos   map[string]int
}

func newTable[T interface {
	proto.Message
	GetId() string
}](items []T) *table[T] {
	t := &table[T]{items: make([]T, 0, len(items)), pos: make(map[string]int, len(items))}
	for _, it := range items {
		c := proto.Clone(it).(T)
		if _, dup := t.pos[c.GetId()]; !dup && c.GetId() != "" {
			t.pos[c.GetId()] = len(t.items)
		}
		t.items = append(t.items, c)
	}
	return t
}

func (t *table[T]) get(id string) (T, bool) {
	i, ok := t.pos[id]
	if !ok {
		var zero T
		return zero, false
	}
	return t.items[i], true
}

func (t *table[T]) put(v T) {
	c := proto.Clone(v).(T)
	if i, ok := t.pos[c.GetId()]; ok {
		t.items[i] = c
		return
	}
	t.pos[c.GetId()] = len(t.items)
	t.items = append(t.items, c)
}

func (t *table[T]) remove(id string) bool {
	i, ok := t.pos[id]
	if !ok {
		return false
	}
	var zero T
	t.items[i] = zero
	delete(t.pos, id)
	return true
}

func (t *table[T]) compact() []T {
	return slices.DeleteFunc(t.items, func(v T) bool { return !v.ProtoReflect().IsValid() })
}

// zhRecord names the record of each put in Chinese.
var zhRecord = map[string]string{
	"put_unit": "单位", "put_organization": "党组织", "put_post": "岗位",
	"put_person": "人员", "put_appointment": "任职", "put_duty_area": "分管领域",
}

// apply applies the changes to a copy of st, collecting the problems of
// the changes themselves.
func apply(st *zerenv1.Structure, changes []*zerenv1.StructureChange, loc *time.Location) (*zerenv1.Structure, problem.List) {
	var probs problem.List
	units := newTable(st.GetUnits())
	orgs := newTable(st.GetOrganizations())
	posts := newTable(st.GetPosts())
	people := newTable(st.GetPeople())
	apps := newTable(st.GetAppointments())
	areas := newTable(st.GetDutyAreas())
	// bad adds a problem of change i. The Chinese message quotes ids with
	// “%s”, so its string arguments are made printable (problem.Printable);
	// the English one quotes them with %q.
	bad := func(kind ProblemKind, i int, name, field, zh, en string, args ...any) {
		zhArgs := make([]any, len(args))
		for j, a := range args {
			if s, ok := a.(string); ok {
				a = problem.Printable(s)
			}
			zhArgs[j] = a
		}
		probs = append(probs, problem.Problem{Code: kind, Record: "change", ID: fmt.Sprintf("#%d", i+1), Name: name,
			Path: fmt.Sprintf("changes[%d]", i), Field: field, MessageZh: fmt.Sprintf(zh, zhArgs...), Message: fmt.Sprintf(en, args...)})
	}
	// put adds or replaces a record, refusing an empty id.
	put := func(i int, field, id string, do func()) {
		if id == "" {
			bad(ProblemMissingField, i, "", field+".id", "新增或更新的%[2]s缺少 id", "the record of %[1]s has no id", field, zhRecord[field])
			return
		}
		do()
	}
	rm := func(i int, field, record, id string, ok func(string) bool) {
		switch {
		case id == "":
			bad(ProblemMissingField, i, "", field, "要删除的%[1]s id 为空", "the id of the %[1]s to remove is empty", record)
		case !ok(id):
			bad(ProblemDanglingReference, i, "", field, "要删除的%[1]s“%[2]s”不存在", "%[1]s %[2]q to remove does not exist", record, id)
		}
	}
	for i, c := range changes {
		switch ch := c.GetChange().(type) {
		case *zerenv1.StructureChange_PutUnit:
			put(i, "put_unit", ch.PutUnit.GetId(), func() { units.put(ch.PutUnit) })
		case *zerenv1.StructureChange_PutOrganization:
			put(i, "put_organization", ch.PutOrganization.GetId(), func() { orgs.put(ch.PutOrganization) })
		case *zerenv1.StructureChange_PutPost:
			put(i, "put_post", ch.PutPost.GetId(), func() { posts.put(ch.PutPost) })
		case *zerenv1.StructureChange_PutPerson:
			put(i, "put_person", ch.PutPerson.GetId(), func() { people.put(ch.PutPerson) })
		case *zerenv1.StructureChange_PutAppointment:
			put(i, "put_appointment", ch.PutAppointment.GetId(), func() { apps.put(ch.PutAppointment) })
		case *zerenv1.StructureChange_PutDutyArea:
			put(i, "put_duty_area", ch.PutDutyArea.GetId(), func() { areas.put(ch.PutDutyArea) })
		case *zerenv1.StructureChange_EndAppointment:
			e := ch.EndAppointment
			a, ok := apps.get(e.GetAppointmentId())
			switch {
			case e.GetAppointmentId() == "":
				bad(ProblemMissingField, i, "", "end_appointment.appointment_id", "要结束的任职 id 为空", "the appointment to end is not named")
			case !ok:
				bad(ProblemDanglingReference, i, "", "end_appointment.appointment_id", "任职“%[1]s”不存在", "appointment %[1]q does not exist", e.GetAppointmentId())
			case e.GetEnd() == nil:
				bad(ProblemMissingField, i, "", "end_appointment.end", "任职“%[1]s”的结束日期为空", "the end of appointment %[1]q is not set", e.GetAppointmentId())
			default:
				a.End = proto.Clone(e.GetEnd()).(*timestamppb.Timestamp)
			}
		case *zerenv1.StructureChange_Rotation:
			r := ch.Rotation
			a, ok := apps.get(r.GetAppointmentId())
			next := r.GetNext()
			switch {
			case r.GetAppointmentId() == "":
				bad(ProblemMissingField, i, "", "rotation.appointment_id", "轮岗要结束的任职 id 为空", "the appointment the rotation ends is not named")
				continue
			case !ok:
				bad(ProblemDanglingReference, i, "", "rotation.appointment_id", "任职“%[1]s”不存在", "appointment %[1]q does not exist", r.GetAppointmentId())
				continue
			case r.GetAt() == nil:
				bad(ProblemMissingField, i, "", "rotation.at", "轮岗日期为空", "the date of the rotation is not set")
				continue
			case next == nil || next.GetId() == "":
				bad(ProblemMissingField, i, "", "rotation.next.id", "接任的任职缺少 id", "the appointment that starts has no id")
				continue
			case a.GetEnd() != nil && a.GetEnd().AsTime().Before(r.GetAt().AsTime()):
				bad(ProblemBadInterval, i, "", "rotation.at", "任职“%[1]s”已于 %[2]s 结束，早于轮岗日期 %[3]s",
					"appointment %[1]q already ended on %[2]s, before the rotation on %[3]s",
					r.GetAppointmentId(), a.GetEnd().AsTime().In(loc).Format(time.DateOnly), r.GetAt().AsTime().In(loc).Format(time.DateOnly))
				continue
			}
			if _, dup := apps.get(next.GetId()); dup {
				bad(ProblemDuplicateID, i, "", "rotation.next.id", "接任的任职 id“%[1]s”已被使用", "appointment id %[1]q is already used", next.GetId())
				continue
			}
			n := proto.Clone(next).(*zerenv1.Appointment)
			if n.GetPostId() == "" {
				n.PostId = a.GetPostId()
			}
			if n.GetKind() == zerenv1.AppointmentKind_APPOINTMENT_KIND_UNSPECIFIED {
				n.Kind = a.GetKind()
			}
			n.Start = proto.Clone(r.GetAt()).(*timestamppb.Timestamp)
			a.End = proto.Clone(r.GetAt()).(*timestamppb.Timestamp)
			apps.put(n)
		case *zerenv1.StructureChange_RemoveUnitId:
			rm(i, "remove_unit_id", "单位", ch.RemoveUnitId, units.remove)
		case *zerenv1.StructureChange_RemoveOrganizationId:
			rm(i, "remove_organization_id", "党组织", ch.RemoveOrganizationId, orgs.remove)
		case *zerenv1.StructureChange_RemovePostId:
			rm(i, "remove_post_id", "岗位", ch.RemovePostId, posts.remove)
		case *zerenv1.StructureChange_RemovePersonId:
			rm(i, "remove_person_id", "人员", ch.RemovePersonId, people.remove)
		case *zerenv1.StructureChange_RemoveAppointmentId:
			rm(i, "remove_appointment_id", "任职", ch.RemoveAppointmentId, apps.remove)
		case *zerenv1.StructureChange_RemoveDutyAreaId:
			rm(i, "remove_duty_area_id", "分管领域", ch.RemoveDutyAreaId, areas.remove)
		default:
			bad(ProblemMissingField, i, "", "change", "变更为空", "the change is empty")
		}
	}
	return &zerenv1.Structure{
		FrameworkId:   st.GetFrameworkId(),
		Units:         units.compact(),
		Organizations: orgs.compact(),
		Posts:         posts.compact(),
		People:        people.compact(),
		Appointments:  apps.compact(),
		DutyAreas:     areas.compact(),
	}, probs
}
