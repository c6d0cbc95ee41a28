package cel

import (
	"fmt"
	"sync"

	celgo "cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"
	"google.golang.org/protobuf/reflect/protoreflect"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Library identity. [EnvironmentVersion] is recorded in every result's
// provenance (zeren.v1.Provenance.environment): a rule is read the same way
// by every environment of one version.
const (
	// LibraryName is the cel-go library name of the rule environment.
	LibraryName = "zeren.v1"
	// LibraryVersion is the version of the rule environment: what is
	// declared, how the functions behave and which extension versions are
	// pinned. It changes whenever a rule could read differently.
	LibraryVersion = 1
	// EnvironmentVersion is LibraryName/LibraryVersion.
	EnvironmentVersion = "zeren.v1/1"
)

// Pinned versions of the cel-go extension libraries and cost model.
const (
	stringsVersion   = 5
	mathVersion      = 3
	listsVersion     = 5
	setsVersion      = 0
	optionalVersion  = 4
	bindingsVersion  = 0
	costModelVersion = 1
)

// Names of the declared variables.
const (
	varFacts       = "facts"
	varResult      = "result"
	varMetrics     = "metrics"
	varNow         = "now"
	varPeriod      = "period"
	varAssignments = "assignments"
	varFindings    = "findings"
	varCases       = "cases"
	varPerson      = "person"
)

// aliasField returns the field of facts a top-level alias stands for.
func aliasField(name string) (string, bool) {
	switch name {
	case varMetrics, varNow, varPeriod, varAssignments, varFindings, varCases:
		return name, true
	}
	return "", false
}

// Library returns the rule environment as a cel-go library, so that an
// embedder can reproduce it: celgo.NewEnv(cel.Library()) declares the same
// types, variables and functions, with the same extension versions, parser
// limits and per-evaluation cost limit and interrupt frequency as [NewEnv],
// and its programs run matches with the same bounds (a constant pattern over
// the program size limit fails when the program is built; a computed one is
// checked on every call) and check the context before long calls. The
// compile-time checks of [Env.Compile] (source size, result type, constant
// patterns, cel.bind nesting, static cost) and the charging of replace,
// split, join, distinct, sort, sets.* and lists.range before they run are
// not part of the library. An invalid option makes the returned option fail
// when the environment is built.
//
// The library wraps the environment's type registry so that the lists of
// facts reach the functions without reflection; environments Extended from
// one built with it share that registry instead of copying it.
func Library(opts ...Option) celgo.EnvOption {
	c, err := newConfig(opts)
	if err != nil {
		return func(*celgo.Env) (*celgo.Env, error) { return nil, err }
	}
	return celgo.Lib(&library{cfg: c})
}

// library implements celgo.SingletonLibrary and celgo.LibraryVersioner.
type library struct {
	cfg *config
}

// LibraryName implements celgo.SingletonLibrary.
func (*library) LibraryName() string { return LibraryName }

// LibraryVersion implements celgo.LibraryVersioner.
func (*library) LibraryVersion() uint32 { return LibraryVersion }

// CompileOptions implements celgo.Library.
func (l *library) CompileOptions() []celgo.EnvOption {
	c := l.cfg
	opts := []celgo.EnvOption{
		useFactsProvider,
		celgo.TypeDescs(schemaFiles()...),
		celgo.Container("zeren.v1"),
		celgo.VariableWithDoc(varFacts, celgo.ObjectType("zeren.v1.UnitFacts"), "the unit's facts for the period"),
		celgo.VariableWithDoc(varResult, celgo.ObjectType("zeren.v1.Result"), "the unit's assessment result; empty for indicator rules"),
		celgo.VariableWithDoc(varMetrics, celgo.MapType(celgo.StringType, celgo.DoubleType), "facts.metrics"),
		celgo.VariableWithDoc(varNow, celgo.TimestampType, "facts.now (the Unix epoch when unset)"),
		celgo.VariableWithDoc(varPeriod, celgo.ObjectType("zeren.v1.Period"), "facts.period"),
		celgo.VariableWithDoc(varAssignments, celgo.ListType(celgo.ObjectType("zeren.v1.Assignment")), "facts.assignments"),
		celgo.VariableWithDoc(varFindings, celgo.ListType(celgo.ObjectType("zeren.v1.Finding")), "facts.findings"),
		celgo.VariableWithDoc(varCases, celgo.ListType(celgo.ObjectType("zeren.v1.SupervisionCase")), "facts.cases"),
		celgo.VariableWithDoc(varPerson, celgo.ObjectType("zeren.v1.PersonOutcome"), "the person's outcome for the period (eligibility rules); empty for unit rules"),
		ext.Strings(ext.StringsVersion(stringsVersion)),
		ext.Math(ext.MathVersion(mathVersion)),
		ext.Lists(ext.ListsVersion(listsVersion)),
		ext.Sets(ext.SetsVersion(setsVersion)),
		ext.Bindings(ext.BindingsVersion(bindingsVersion)),
		celgo.OptionalTypes(celgo.OptionalTypesVersion(optionalVersion)),
		celgo.CrossTypeNumericComparisons(true),
		celgo.DefaultUTCTimeZone(true),
		celgo.CostModelVersion(costModelVersion),
		celgo.ParserRecursionLimit(c.maxNesting),
		celgo.ParserExpressionSizeLimit(c.maxSourceBytes),
	}
	return append(opts, c.functions()...)
}

// ProgramOptions implements celgo.Library.
func (l *library) ProgramOptions() []celgo.ProgramOption {
	return []celgo.ProgramOption{
		celgo.CostLimit(l.cfg.costLimit),
		celgo.InterruptCheckFrequency(l.cfg.interruptFrequency),
		celgo.CostTrackerOptions(cost.OverloadTracker(overloadPreCharge, preChargeCost)),
		celgo.CustomDecoratorV2(l.cfg.decorate),
	}
}

// schemaFiles returns the file descriptors of the zeren.v1 schema, so that
// every message and enum of it can be named in a rule.
func schemaFiles() []any {
	return []any{
		zerenv1.File_zeren_v1_common_proto,
		zerenv1.File_zeren_v1_structure_proto,
		zerenv1.File_zeren_v1_framework_proto,
		zerenv1.File_zeren_v1_responsibility_proto,
		zerenv1.File_zeren_v1_lists_proto,
		zerenv1.File_zeren_v1_supervision_proto,
		zerenv1.File_zeren_v1_assessment_proto,
		zerenv1.File_zeren_v1_people_proto,
	}
}

// Env is the rule environment: the declarations, functions and limits rules
// are compiled against. Build it with [NewEnv]. An Env is immutable and safe
// for concurrent use.
type Env struct {
	cfg       *config
	cel       *celgo.Env
	adapter   types.Adapter
	estimator sizeEstimator
	names     []string                                  // declared variables, functions and macros, for suggestions
	fields    []string                                  // every field name of the schema, for suggestions
	messages  map[string]protoreflect.MessageDescriptor // message types by variable name, for suggestions
	// check serialises type-checking: cel-go v0.33.2's checker fills its
	// symbol catalog lazily and reads it unguarded when it enters a
	// comprehension's scope, a data race between concurrent Check calls on
	// one environment. Rules are compiled when saved, so the lock costs
	// nothing that matters; evaluation is not locked.
	check sync.Mutex
}

// NewEnv builds the rule environment. It reports every invalid option at once
// (joined with errors.Join).
func NewEnv(opts ...Option) (*Env, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	env, err := celgo.NewEnv(celgo.Lib(&library{cfg: c}))
	if err != nil {
		return nil, fmt.Errorf("cel: build environment: %w", err)
	}
	c.impls = bindPreCharged(env)
	e := &Env{cfg: c, cel: env, adapter: env.CELTypeAdapter(), estimator: sizeEstimator{sizes: c.sizes, maxRegexProgram: c.maxRegexProgram, maxMatchWork: c.maxMatchWork}}
	e.names, e.fields = declaredNames(env)
	e.messages = map[string]protoreflect.MessageDescriptor{
		varFacts:  (&zerenv1.UnitFacts{}).ProtoReflect().Descriptor(),
		varResult: (&zerenv1.Result{}).ProtoReflect().Descriptor(),
		varPeriod: (&zerenv1.Period{}).ProtoReflect().Descriptor(),
		varPerson: (&zerenv1.PersonOutcome{}).ProtoReflect().Descriptor(),
	}
	return e, nil
}

// CEL returns the underlying cel-go environment, for embedders that need
// cel-go's own API (documentation, serialisation). Programs built from it
// directly skip the checks of [Env.Compile].
func (e *Env) CEL() *celgo.Env { return e.cel }

// CostLimit returns the cost budget of one evaluation.
func (e *Env) CostLimit() uint64 { return e.cfg.costLimit }

// Sizes returns the size hints of the static cost estimate.
func (e *Env) Sizes() Sizes { return e.cfg.sizes }
