package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Projections: the tables p_organizations, p_posts, p_appointments (from
// the one stored structure), p_assignments, p_cases, p_results and
// p_proposals hold real columns for report tools (帆软, Smartbi, plain SQL)
// that cannot read the records' protobuf. Apply writes them in the same
// transaction as the records they mirror; a record that does not decode
// projects nothing (the records stay the truth). Migration 0003 creates
// them; the first open after it fills them from the records.

// projection is one table's columns, in the order of its INSERT.
type projection struct {
	table     string
	key       string // the column deleted by
	insertSQL string // INSERT of one row
	deleteSQL string // DELETE by key
}

func newProjection(table, key string, cols []string) projection {
	p := projection{table: table, key: key}
	p.insertSQL = "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	if key != "" {
		p.deleteSQL = "DELETE FROM " + table + " WHERE " + key + " = ?"
	}
	return p
}

var (
	pOrganizations = newProjection("p_organizations", "", []string{"id", "name", "short_name", "level_id", "parent_id", "unit_id", "member_count"})
	pPosts         = newProjection("p_posts", "", []string{"id", "organization_id", "post_kind_id", "title"})
	pAppointments  = newProjection("p_appointments", "", []string{"id", "post_id", "organization_id", "person_id", "person_name", "kind", "start_at", "end_at"})
	pAssignments   = newProjection("p_assignments", "record_id", []string{"record_id", "id", "year", "task_id", "organization_id", "post_id", "person_id",
		"period_kind", "period_index", "target", "actual", "status", "due_at", "completed_at", "received_at", "evidence_count", "dimension", "task_kind"})
	pCases = newProjection("p_cases", "id", []string{"id", "title", "organization_id", "lead_unit_id", "source", "state", "urgency", "opened_at", "deadline",
		"overdue_count", "yellow_card", "escalated"})
	pResults   = newProjection("p_results", "record_id", []string{"record_id", "run_id", "generation", "unit_id", "period_kind", "period_year", "period_index", "score", "grade_id", "ranking", "incomplete"})
	pProposals = newProjection("p_proposals", "id", []string{"id", "trigger_id", "unit_id", "organization_id", "subject_id", "measure", "custom_measure", "status",
		"decided_by", "decided_at", "period_kind", "period_year", "period_index"})
)

// projectedKinds are the kinds with a projection.
var projectedKinds = []Kind{KindStructure, KindAssignment, KindCase, KindResult, KindProposal}

func iso(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}

func flag01(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// project brings the projection of record (kind, id) in line with data
// (nil: the record was deleted), inside Apply's transaction: it hands w the
// statements, each reporting its failure as st's.
func project(ctx context.Context, w writer, st step, kind Kind, id string, data []byte) error {
	var p projection
	switch kind {
	case KindStructure:
		return projectStructure(ctx, w, st, data)
	case KindAssignment:
		p = pAssignments
	case KindCase:
		p = pCases
	case KindResult:
		p = pResults
	case KindProposal:
		p = pProposals
	default:
		return nil
	}
	if err := w.exec(ctx, st, p.deleteSQL, id); err != nil {
		return err
	}
	if data == nil {
		return nil
	}
	var row []any
	switch kind {
	case KindAssignment:
		a := &zerenv1.Assignment{}
		if proto.Unmarshal(data, a) != nil {
			return nil
		}
		row = []any{id, a.GetId(), int64(a.GetPeriod().GetYear()), a.GetTaskId(), a.GetOrganizationId(), a.GetPostId(), a.GetPersonId(),
			a.GetPeriod().GetKind().String(), int64(a.GetPeriod().GetIndex()), a.GetTarget(), a.GetActual(), a.GetStatus().String(),
			iso(a.GetDue()), iso(a.GetCompletedAt()), iso(a.GetReceivedAt()), int64(len(a.GetEvidence())), a.GetDimension().String(), a.GetTaskKind()}
	case KindCase:
		c := &zerenv1.SupervisionCase{}
		if proto.Unmarshal(data, c) != nil {
			return nil
		}
		row = []any{id, c.GetTitle(), c.GetOrganizationId(), c.GetLeadUnitId(), c.GetSource().String(), c.GetState().String(), c.GetUrgency().String(),
			iso(c.GetOpenedAt()), iso(c.GetDeadline()), int64(c.GetOverdueCount()), flag01(c.GetYellowCard()), flag01(c.GetEscalated())}
	case KindResult:
		r := &zerenv1.Result{}
		if proto.Unmarshal(data, r) != nil {
			return nil
		}
		// The server keys results "<system>/<period>/<generation>/<position>/<unit>".
		runID, gen := id, int64(0)
		if parts := strings.Split(id, "/"); len(parts) >= 5 {
			runID = strings.Join(parts[:len(parts)-3], "/")
			gen, _ = strconv.ParseInt(parts[len(parts)-3], 10, 64)
		}
		row = []any{id, runID, gen, r.GetUnitId(), r.GetPeriod().GetKind().String(), int64(r.GetPeriod().GetYear()), int64(r.GetPeriod().GetIndex()),
			r.GetScore(), r.GetGradeId(), int64(r.GetRank()), flag01(r.GetIncomplete())}
	case KindProposal:
		pr := &zerenv1.Proposal{}
		if proto.Unmarshal(data, pr) != nil {
			return nil
		}
		row = []any{id, pr.GetTriggerId(), pr.GetUnitId(), pr.GetOrganizationId(), pr.GetSubjectId(), pr.GetMeasure().String(), pr.GetCustomMeasure(),
			pr.GetStatus().String(), pr.GetDecidedBy(), iso(pr.GetDecidedAt()),
			pr.GetPeriod().GetKind().String(), int64(pr.GetPeriod().GetYear()), int64(pr.GetPeriod().GetIndex())}
	}
	return w.exec(ctx, st, p.insertSQL, row...)
}

// projectStructure replaces the organisations, posts and appointments with
// those of the stored structure.
func projectStructure(ctx context.Context, w writer, st step, data []byte) error {
	for _, t := range []string{pOrganizations.table, pPosts.table, pAppointments.table} {
		if err := w.exec(ctx, st, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	doc := &zerenv1.Structure{}
	if data == nil || proto.Unmarshal(data, doc) != nil {
		return nil
	}
	orgOf := map[string]string{}
	for _, o := range doc.GetOrganizations() {
		if err := w.exec(ctx, st, pOrganizations.insertSQL, o.GetId(), o.GetName(), o.GetShortName(), o.GetLevelId(), o.GetParentId(), o.GetUnitId(), int64(o.GetMemberCount())); err != nil {
			return err
		}
	}
	for _, p := range doc.GetPosts() {
		orgOf[p.GetId()] = p.GetOrganizationId()
		if err := w.exec(ctx, st, pPosts.insertSQL, p.GetId(), p.GetOrganizationId(), p.GetPostKindId(), p.GetTitle()); err != nil {
			return err
		}
	}
	names := map[string]string{}
	for _, p := range doc.GetPeople() {
		names[p.GetId()] = p.GetName()
	}
	for _, a := range doc.GetAppointments() {
		if err := w.exec(ctx, st, pAppointments.insertSQL, a.GetId(), a.GetPostId(), orgOf[a.GetPostId()], a.GetPersonId(), names[a.GetPersonId()],
			a.GetKind().String(), iso(a.GetStart()), iso(a.GetEnd())); err != nil {
			return err
		}
	}
	return nil
}

// buildProjections fills the projections from the records the first time a
// database has them (after migration 0003), in batches of one transaction
// each (on PostgreSQL each batch's statements go in one round trip); the
// marker row p_built is written after the last batch.
func (s *DB) buildProjections(ctx context.Context) error {
	var n int
	if err := s.b.reader().queryRow(ctx, "SELECT count(*) FROM p_built").Scan(&n); err != nil {
		return fmt.Errorf("store: read the projections' marker: %w", err)
	}
	if n > 0 {
		return nil
	}
	type rec struct {
		id   string
		data []byte
	}
	for _, kind := range projectedKinds {
		after := ""
		for {
			var batch []rec
			err := s.b.view(ctx, func(tx querier) error {
				rs, err := tx.query(ctx, "SELECT id, data FROM records WHERE kind = ? AND id > ? ORDER BY id LIMIT 500", string(kind), after)
				if err != nil {
					return err
				}
				defer rs.Close()
				for rs.Next() {
					var r rec
					if err := rs.Scan(&r.id, &r.data); err != nil {
						return err
					}
					batch = append(batch, r)
				}
				return rs.Err()
			})
			if err != nil {
				return fmt.Errorf("store: fill the projections: read %s: %w", kind, err)
			}
			if len(batch) == 0 {
				break
			}
			err = s.b.update(ctx, func(tx querier) error {
				w, _ := s.writer(tx) // pipelined on PostgreSQL, like Apply
				for _, r := range batch {
					if err := project(ctx, w, step{change: -1, what: "project", kind: kind, id: r.id}, kind, r.id, r.data); err != nil {
						return err
					}
				}
				return w.flush(ctx)
			})
			if err != nil {
				return fmt.Errorf("store: fill the projections: %w", err)
			}
			after = batch[len(batch)-1].id
		}
	}
	return s.b.update(ctx, func(tx querier) error {
		return tx.exec(ctx, "INSERT INTO p_built (id) VALUES (1)")
	})
}
