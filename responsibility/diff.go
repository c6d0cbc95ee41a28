package responsibility

import (
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Diff returns the changes that turn structure from into structure to, for
// a nightly sync (每日同步) of an OA's org export against the stored
// structure: [Apply](fw, from, Diff(from, to)) yields a structure with the
// same records as to, record for record by id (kept records stay in from's
// order, new ones follow; compare by id, not by position).
//
// Records are matched by id. A record new in to, or different from its
// namesake in from, is a put; one missing from to is a remove. An
// appointment whose only change is an end date becomes an end_appointment,
// and when a new appointment to the same post starts on that date, the
// two become one rotation. Puts come first (units, duty areas, people,
// organisations, posts, appointments), then removes in the reverse order,
// so that every change names records that exist. Records with an empty or
// repeated id are left to validation (the first of a repeated id counts).
// Diff does not change framework_id.
func Diff(from, to *zerenv1.Structure) []*zerenv1.StructureChange {
	var puts, removes []*zerenv1.StructureChange
	diffKind(from.GetUnits(), to.GetUnits(), &puts, &removes,
		func(u *zerenv1.Unit) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutUnit{PutUnit: u}}
		}, func(id string) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveUnitId{RemoveUnitId: id}}
		})
	diffKind(from.GetDutyAreas(), to.GetDutyAreas(), &puts, &removes,
		func(d *zerenv1.DutyArea) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutDutyArea{PutDutyArea: d}}
		}, func(id string) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveDutyAreaId{RemoveDutyAreaId: id}}
		})
	diffKind(from.GetPeople(), to.GetPeople(), &puts, &removes,
		func(p *zerenv1.Person) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutPerson{PutPerson: p}}
		}, func(id string) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemovePersonId{RemovePersonId: id}}
		})
	diffKind(from.GetOrganizations(), to.GetOrganizations(), &puts, &removes,
		func(o *zerenv1.Organization) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutOrganization{PutOrganization: o}}
		}, func(id string) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveOrganizationId{RemoveOrganizationId: id}}
		})
	diffKind(from.GetPosts(), to.GetPosts(), &puts, &removes,
		func(p *zerenv1.Post) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutPost{PutPost: p}}
		}, func(id string) *zerenv1.StructureChange {
			return &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemovePostId{RemovePostId: id}}
		})
	puts = append(puts, appointmentChanges(from.GetAppointments(), to.GetAppointments(), &removes)...)
	// Remove in the reverse order of the puts: appointments before posts
	// before organisations … before units.
	for i, j := 0, len(removes)-1; i < j; i, j = i+1, j-1 {
		removes[i], removes[j] = removes[j], removes[i]
	}
	return append(puts, removes...)
}

// diffKind appends the puts and removes of one kind; removes are appended
// in reverse (Diff reverses the whole list once).
func diffKind[T interface {
	proto.Message
	GetId() string
}](from, to []T, puts, removes *[]*zerenv1.StructureChange, put func(T) *zerenv1.StructureChange, remove func(string) *zerenv1.StructureChange) {
	old := byID(from)
	seen := make(map[string]bool, len(to))
	for _, v := range to {
		id := v.GetId()
		if seen[id] {
			continue
		}
		seen[id] = true
		if o, ok := old[id]; !ok || !proto.Equal(o, v) {
			*puts = append(*puts, put(v))
		}
	}
	for i := len(from) - 1; i >= 0; i-- {
		id := from[i].GetId()
		if id != "" && !seen[id] && any(old[id]) == any(from[i]) {
			*removes = append(*removes, remove(id))
		}
	}
}

func byID[T interface{ GetId() string }](items []T) map[string]T {
	m := make(map[string]T, len(items))
	for _, v := range items {
		if _, dup := m[v.GetId()]; !dup {
			m[v.GetId()] = v
		}
	}
	return m
}

// appointmentChanges diffs appointments, turning a bare end date into
// end_appointment and an end with its successor into a rotation.
func appointmentChanges(from, to []*zerenv1.Appointment, removes *[]*zerenv1.StructureChange) []*zerenv1.StructureChange {
	old := byID(from)
	var ends []*zerenv1.Appointment // appointments whose only change is a new end
	var added []*zerenv1.Appointment
	var others []*zerenv1.Appointment
	seen := make(map[string]bool, len(to))
	for _, a := range to {
		if seen[a.GetId()] {
			continue
		}
		seen[a.GetId()] = true
		o, ok := old[a.GetId()]
		switch {
		case !ok:
			added = append(added, a)
		case proto.Equal(o, a):
		case o.GetEnd() == nil && a.GetEnd() != nil && onlyEndDiffers(o, a):
			ends = append(ends, a)
		default:
			others = append(others, a)
		}
	}
	var out []*zerenv1.StructureChange
	used := map[string]bool{}
	for _, e := range ends {
		var next *zerenv1.Appointment
		for _, n := range added {
			if !used[n.GetId()] && n.GetPostId() == e.GetPostId() && n.GetKind() != zerenv1.AppointmentKind_APPOINTMENT_KIND_UNSPECIFIED && n.GetStart() != nil && n.GetStart().AsTime().Equal(e.GetEnd().AsTime()) {
				next = n
				break
			}
		}
		if next == nil {
			out = append(out, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_EndAppointment{EndAppointment: &zerenv1.EndAppointment{AppointmentId: e.GetId(), End: e.GetEnd()}}})
			continue
		}
		used[next.GetId()] = true
		out = append(out, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_Rotation{Rotation: &zerenv1.Rotation{AppointmentId: e.GetId(), At: e.GetEnd(), Next: next}}})
	}
	for _, a := range append(others, added...) {
		if !used[a.GetId()] {
			out = append(out, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_PutAppointment{PutAppointment: a}})
		}
	}
	for i := len(from) - 1; i >= 0; i-- {
		id := from[i].GetId()
		if id != "" && !seen[id] && any(old[id]) == any(from[i]) {
			*removes = append(*removes, &zerenv1.StructureChange{Change: &zerenv1.StructureChange_RemoveAppointmentId{RemoveAppointmentId: id}})
		}
	}
	return out
}

// onlyEndDiffers reports whether two appointments differ in nothing but
// their end.
func onlyEndDiffers(a, b *zerenv1.Appointment) bool {
	x := proto.Clone(a).(*zerenv1.Appointment)
	x.End = b.GetEnd()
	return proto.Equal(x, b)
}
