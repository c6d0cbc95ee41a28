package checklist

// plainAssignment is an assignment as a plain Go struct: what the
// decomposition would cost without protobuf messages.
type plainAssignment struct {
	id, task, org, post, person, appointment string
	kind                                     int32
	year, index                              int32
	target, weight                           float64
	due                                      int64
	status                                   int32
}

// PlainDecompose runs the generator's loops writing plain structs into one
// slice: the baseline of the decomposition benchmarks.
func PlainDecompose(p *Plan) any {
	out := make([]plainAssignment, 0, p.Len())
	g := &generator{p: p}
	for ti := range p.tasks {
		t := &p.tasks[ti]
		for _, pi := range t.targets {
			post := &p.posts[pi]
			ids := g.ids(t, post)
			for j := range t.periods {
				per := &t.periods[j]
				a := plainAssignment{
					id: ids[j], task: t.pb.GetId(), org: post.org, post: post.id,
					kind: int32(t.pb.GetMeasure().GetPeriodKind()), year: p.pb.GetYear(), index: per.index,
					target: per.target, weight: t.pb.GetWeight(), due: per.due.Unix(), status: 1,
				}
				if h := initialHolder(post.apps, per.start, per.end); h >= 0 {
					a.person, a.appointment = post.apps[h].person, post.apps[h].id
				}
				out = append(out, a)
			}
		}
	}
	return out
}
