package cel

import (
	celgo "cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/traits"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// factList is a list of the facts (facts.assignments, facts.findings,
// facts.cases) that behaves in every way as cel-go's list over the repeated
// field, and also keeps the Go slice so that the domain functions can read it
// without protobuf reflection (about twenty times faster per element).
type factList[T proto.Message] struct {
	traits.Lister
	items []T
}

func newFactList[T proto.Message](a types.Adapter, m protoreflect.Message, field protoreflect.Name, items []T) *factList[T] {
	l := m.Get(m.Descriptor().Fields().ByName(field)).List()
	return &factList[T]{Lister: types.NewProtoList(a, l), items: items}
}

// factsList returns the list of a repeated field of facts, or nil for
// another field.
func factsList(a types.Adapter, f *zerenv1.UnitFacts, field string) any {
	m := f.ProtoReflect()
	switch field {
	case "assignments":
		return newFactList(a, m, "assignments", f.GetAssignments())
	case "findings":
		return newFactList(a, m, "findings", f.GetFindings())
	case "cases":
		return newFactList(a, m, "cases", f.GetCases())
	}
	return nil
}

// factsProvider is the environment's type registry, except that reading the
// repeated fields of a zeren.v1.UnitFacts yields a factList.
type factsProvider struct {
	*types.Registry
}

// FindStructFieldType implements types.Provider.
func (p factsProvider) FindStructFieldType(structType, fieldName string) (*types.FieldType, bool) {
	ft, ok := p.Registry.FindStructFieldType(structType, fieldName)
	if !ok || structType != "zeren.v1.UnitFacts" || ft.GetFrom == nil {
		return ft, ok
	}
	switch fieldName {
	case "assignments", "findings", "cases":
	default:
		return ft, ok
	}
	getFrom := ft.GetFrom
	wrapped := *ft
	wrapped.GetFrom = func(target any) (any, error) {
		if f, ok := target.(*zerenv1.UnitFacts); ok {
			return factsList(p.Registry, f, fieldName), nil
		}
		return getFrom(target)
	}
	return &wrapped, true
}

// useFactsProvider installs the factsProvider over the environment's
// registry, as its type provider and, when the registry is also its adapter,
// as its adapter (so that both stay one registry). An environment with a
// custom provider keeps it; the domain functions then read lists through
// reflection.
func useFactsProvider(e *celgo.Env) (*celgo.Env, error) {
	reg, ok := e.CELTypeProvider().(*types.Registry)
	if !ok {
		return e, nil
	}
	p := factsProvider{reg}
	if a, ok := e.CELTypeAdapter().(*types.Registry); ok && a == reg {
		var err error
		if e, err = celgo.CustomTypeAdapter(p)(e); err != nil {
			return nil, err
		}
	}
	return celgo.CustomTypeProvider(p)(e)
}
