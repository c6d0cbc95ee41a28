package server

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/accountability"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// ListProposals pages through the accountability proposals addressed at
// organisations the caller sees.
func (a assessmentService) ListProposals(ctx context.Context, req *connect.Request[zerenv1.ListProposalsRequest]) (*connect.Response[zerenv1.ListProposalsResponse], error) {
	m := req.Msg
	if _, ok := zerenv1.ProposalStatus_name[int32(m.GetStatus())]; !ok {
		return nil, invalid("status", fmt.Errorf("%d is not a proposal status", m.GetStatus()))
	}
	var match func(*zerenv1.Proposal) bool
	if m.GetStatus() != 0 {
		match = func(p *zerenv1.Proposal) bool { return p.GetStatus() == m.GetStatus() }
	}
	props, next, err := listVisible(ctx, a.s, listQuery{
		kind: KindProposal, orgID: m.GetOrganizationId(), size: m.GetPageSize(), token: m.GetPageToken(),
		fp: fingerprint("proposals", m.GetOrganizationId(), m.GetStatus().String()),
	}, func() *zerenv1.Proposal { return &zerenv1.Proposal{} }, match)
	if err != nil {
		return nil, err
	}
	resp := &zerenv1.ListProposalsResponse{Proposals: props, NextPageToken: next}
	return connect.NewResponse(resp), nil
}

// SetProposalStatus records the caller's decision on a proposal.
func (a assessmentService) SetProposalStatus(ctx context.Context, req *connect.Request[zerenv1.SetProposalStatusRequest]) (*connect.Response[zerenv1.SetProposalStatusResponse], error) {
	if err := requireAll(ctx, "SetProposalStatus"); err != nil {
		return nil, err
	}
	m := req.Msg
	var ps problemList
	switch {
	case m.GetProposalId() == "":
		ps.add("proposal_id", "is empty")
	case keyProblem(m.GetProposalId()) != "":
		ps.add("proposal_id", "%s", keyProblem(m.GetProposalId()))
	}
	switch m.GetStatus() {
	case zerenv1.ProposalStatus_PROPOSAL_STATUS_CONFIRMED, zerenv1.ProposalStatus_PROPOSAL_STATUS_REJECTED, zerenv1.ProposalStatus_PROPOSAL_STATUS_WITHDRAWN:
	default:
		ps.add("status", "must be PROPOSAL_STATUS_CONFIRMED, _REJECTED or _WITHDRAWN")
	}
	if err := checkText("note", m.GetNote()); err != nil {
		ps.addErr(err)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	rec, err := a.s.store.Get(ctx, KindProposal, m.GetProposalId())
	if errors.Is(err, ErrNotFound) {
		return nil, connect.NewError(connect.CodeNotFound, fmt.Errorf("proposal %q does not exist", m.GetProposalId()))
	} else if err != nil {
		return nil, toConnect(err)
	}
	p := &zerenv1.Proposal{}
	if err := proto.Unmarshal(rec.Data, p); err != nil {
		return nil, toConnect(fmt.Errorf("stored proposal %q is corrupt: %w", m.GetProposalId(), err))
	}
	who, _ := PrincipalFrom(ctx)
	out, err := accountability.Decide(p, m.GetStatus(), who.Subject, a.s.now(), m.GetNote())
	if err != nil {
		return nil, toConnect(err)
	}
	data, err := marshal(out)
	if err != nil {
		return nil, toConnect(err)
	}
	if err := a.s.apply(ctx, []Change{{Kind: KindProposal, ID: rec.ID, Scope: rec.Scope, Data: data, ExpectVersion: rec.Version}}); err != nil {
		return nil, toConnect(err)
	}
	return connect.NewResponse(&zerenv1.SetProposalStatusResponse{Proposal: out}), nil
}
