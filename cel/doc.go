// Package cel is Zeren's rule environment: the CEL types, variables,
// functions and limits that administrators' scoring and accountability rules
// (指标公式、加减分、一票否决、问责触发条件) are written against, evaluated over one
// unit's facts (zeren.v1.UnitFacts, Go type zerenv1.UnitFacts).
//
// Build the environment once with [NewEnv], compile each rule once with
// [Env.Compile] when it is saved, and evaluate the [Program] for every unit
// with [Program.Eval]:
//
//	env, err := cel.NewEnv()
//	prg, err := env.Compile("clamp(completion_rate(facts.assignments), 0.0, 1.0)", cel.KindRatio)
//	v, err := prg.Eval(ctx, facts)          // v.Number, v.Cost
//
// The environment is versioned ([EnvironmentVersion], "zeren.v1/1") and
// published as a cel-go library ([Library]) so that an embedder can
// reproduce it with celgo.NewEnv(cel.Library()).
//
// # Declarations
//
// Every message and enum of the zeren.v1 schema is declared, in the zeren.v1
// container: a rule may write AssignmentStatus.ASSIGNMENT_STATUS_DONE or
// Period{kind: PeriodKind.PERIOD_KIND_YEAR, year: 2026}. Enums read as ints.
// Variables:
//
//	facts        zeren.v1.UnitFacts     the unit's facts for the period
//	result       zeren.v1.Result        the unit's assessment result, for triggers and
//	                                    adjustments (bind it with WithResult); empty
//	                                    for indicator rules
//	metrics      map(string, double)    facts.metrics
//	now          google.protobuf.Timestamp  facts.now (the Unix epoch when unset)
//	period       zeren.v1.Period        facts.period
//	assignments  list(zeren.v1.Assignment)       facts.assignments
//	findings     list(zeren.v1.Finding)          facts.findings
//	cases        list(zeren.v1.SupervisionCase)  facts.cases
//
// Doubles compare with ints (facts.business_score > 80), but arithmetic does
// not mix them: write 2.0, not 2, or convert with double(...). A metric that
// may be missing reads as metrics[?'name'].orValue(0.0).
//
// Extensions, pinned: strings (version 5), math (3), lists (5), sets,
// optional types (4), cel.bind; cost model version 1.
//
// # Functions
//
// Every function is pure and never panics; an argument of the wrong type
// (possible only through dyn) is an evaluation error. A rate has nothing to
// rate over an empty selection, so completion_rate and on_time_rate then
// fail with an error matching [ErrNoData] (无数据) rather than yield 1.0;
// reading an absent map key (facts.metrics["x"]) matches [ErrNoData] too.
// A rule that wants a default for no data writes it down:
// facts.metrics[?"x"].orValue(0.0), or
// size(sel) == 0 ? 1.0 : completion_rate(sel). Package assessment scores an
// indicator that found no data by the indicator's no-data policy.
//
//	completion_rate(list(Assignment)) -> double
//	    Share of the assignments that meet their target, weighted by weight
//	    (a weight that is not a positive finite number counts as 1).
//	    Retired assignments are left out; with none left, [ErrNoData].
//	    An assignment meets its target when its status is DONE, its
//	    completed_at is set, or its actual value meets the target per its
//	    comparison: AT_LEAST (and UNSPECIFIED) actual ≥ target, AT_MOST
//	    actual ≤ target, EQUAL within a relative 1e-9, DONE actual ≥ 1.
//	on_time_rate(list(Assignment), timestamp) -> double
//	    Of the assignments (not retired) due before the instant, the weighted
//	    share whose completed_at is set and not after the due date;
//	    [ErrNoData] when none is due.
//	overdue_count(list(Assignment), timestamp) -> int
//	    Assignments due before the instant that are neither met nor retired.
//	count_open_cases(list(SupervisionCase)) -> int
//	    Supervision cases (督办单) not VERIFIED and not CLOSED.
//	sum(list(double)) -> double, sum(list(int)) -> int
//	    0 for an empty list; int overflow is an error.
//	avg(list(double)) -> double, avg(list(int)) -> double
//	    Arithmetic mean; 0.0 for an empty list.
//	clamp(double, double, double) -> double
//	    clamp(x, lo, hi); an error when lo > hi or an argument is NaN.
//	period_start(Period) -> timestamp, period_end(Period) -> timestamp
//	    The half-open interval of a year, half, quarter or month, in the
//	    environment's time zone (WithLocation; default UTC+8 "CST"). A period
//	    without a kind or with an index out of range is an error.
//	working_days_between(timestamp, timestamp) -> int
//	    Working days from the first instant's date (inclusive) to the
//	    second's (exclusive), negative when the second is earlier. Monday to
//	    Friday, less the holidays and plus the make-up workdays of the
//	    calendar given with WithCalendar.
//	is_working_day(timestamp) -> bool
//
// # Limits
//
// A rule's run time is bounded by construction: what a rule may ask for is
// checked when it is saved, and what it does is charged as it runs. The
// limits are always on; options change them:
//
//	limit                   default           option                       why
//	source size             16 KiB            WithMaxSourceBytes           parse time and memory
//	nesting depth           64                WithMaxNesting               parser recursion
//	cel.bind nesting        10                WithMaxBindNesting           cel-go's cost estimate is exponential in it
//	regex program           1,000 instr.      WithMaxRegexProgram          RE2 time is program size × input length
//	work of one matches     4 Mi instr.·bytes WithMaxMatchWork             a match cannot be interrupted (≈ 20 ms)
//	cost per evaluation     1,000,000         WithCostLimit                CPU per evaluation, estimated and charged
//	context checks          every 100 iter.   WithInterruptCheckFrequency  deadline inside comprehensions
//	cost per run            none unless given WithBudget(NewBudget(n))     CPU per scoring run
//	concurrent evaluations  none unless given WithLimiter(l), Limiters     abandoned work cannot pile up
//
// [Env.Compile] estimates each rule's worst-case cost for facts as large as
// the size hints ([Sizes]: 5,000 assignments, 1,000 findings, 1,000 cases, 500
// organisations, 1,000 metrics, 100 items in any other list, 4 KiB strings;
// WithSizes) and rejects a rule over the cost limit, such as one that loops
// over the assignments inside a loop over the assignments. At run time the
// same limit stops an evaluation over larger facts ([ErrCostLimit]), a
// cancelled context stops it within the check frequency, and a [Budget]
// shared by a run refuses evaluations once spent ([ErrBudgetExhausted]).
//
// Regular expressions. matches is the only function that takes one. Its
// pattern must be a string constant written in the rule (not a field, a
// bound variable or a concatenation), it must compile, and its RE2 program
// (regexp/syntax Parse, Simplify, Compile; the number of instructions) may
// have at most 1,000 instructions: '整改|落实|完成' has 10, while
// "(?:a?){1000}" repeated 300 times has 600,003 and is refused when saved
// ([ErrRegex], [CodeRegex], with its line and column); the patterns of one
// rule together may have at most four times that. Go's RE2 takes about
// 5 ns per instruction per input byte in the worst case and cannot be
// interrupted, so each call is charged program size × (input bytes + 1) / 40
// cost units, in the static estimate and at run time before the match runs,
// and a call whose work would exceed 4 Mi instruction-bytes fails without
// running (a 1,000-instruction pattern may match up to 4 KiB).
//
// Calls that may take long are guarded:
//
//   - The context is checked before every call whose work grows with its
//     arguments (matches, the domain functions over lists, replace, split,
//     join, format, indexOf, contains, distinct, sort, sets.*, lists.range,
//     …), in addition to cel-go's checks between comprehension iterations;
//     the domain functions also check it every 1,024 elements of the list
//     they walk. An evaluation returns within one call of its deadline with an
//     [*EvalError] matching context.DeadlineExceeded ("规则计算超时，已中止";
//     "the time limit was reached").
//   - cel-go charges a call after it has run. Calls whose work or result can
//     outgrow their arguments are charged their worst case from the
//     arguments before they run: replace (the result's length), split (the
//     pieces), join (the result's length), distinct (n²/2 comparisons),
//     sort (n·log n), sets.contains, sets.equivalent, sets.intersects (n·m),
//     lists.range (n). String and list concatenation, map, filter and
//     nested comprehensions are charged per step by cel-go, which bounds
//     them; format cannot amplify (each verb takes one argument); size is
//     linear in a string already paid for.
//
// Concurrency per caller. A [Limiter] has a fixed number of slots; an
// evaluation given [WithLimiter] takes one for as long as it runs and fails
// at once with [ErrBusy] when none is free, rather than queue behind work the
// caller may have abandoned. [Limiters] keeps one Limiter per caller:
//
//	limits := cel.NewLimiters(cel.DefaultEvaluationsPerCaller)
//	release, ok := limits.For(caller).TryAcquire() // one slot per request
//	if !ok { /* answer "busy" */ }
//	defer release()
//
// A request that evaluates many rules (a dry run of a system) should hold
// one slot for the whole request with [Limiter.TryAcquire] or
// [Limiter.Acquire]; [WithLimiter] suits single evaluations.
//
// The number of rules of a system is not limited here: a system belongs to
// package assessment, which compiles its rules.
//
// # Errors
//
// [Env.Compile] returns a [*CompileError] listing every [Issue] with its
// line and column (1-based, in characters), an [IssueCode], cel-go's English
// message and a Chinese message that names the fix, with a near name when a
// name is misspelt:
//
//	第1行第1列：未定义的名称 'complete_rate'，是否要写 'completion_rate'？
//
// [Program.Eval] returns an [*EvalError] with the position of the failing
// expression where there is one, both messages and the cause. errors.Is
// tells the classes apart: [ErrCostLimit], [ErrBudgetExhausted], [ErrBusy],
// [ErrRegex], [ErrOutOfRange] (a NaN or infinite number, a ratio outside
// [0, 1]), [ErrResultType], [ErrSourceLimit], context.Canceled and
// context.DeadlineExceeded. A rule that evaluates to false is a result, not
// an error.
//
// # Concurrency
//
// [Env] and [Program] are immutable once built and safe for concurrent use:
// compile once, evaluate from any number of goroutines. [Budget], [Limiter]
// and [Limiters] are safe for concurrent use. Nothing in the package reads the clock, logs, or keeps
// global mutable state; "now" is a fact.
//
// # Derivation
//
// With [WithTrace], [Value.Inputs] lists the facts the rule read — every path
// of field selections, constant map keys and list indexes rooted at a
// variable, found in the checked rule — with their values rendered
// deterministically (timestamps in RFC 3339 in the environment's zone, enums
// by name, a list by its items: messages by id, scalars by value, at most 20
// named, "2 项 items: A1, A3" or "52 项 items: A01, …, A20 … 共 52 项"),
// sorted by path. Each filter the rule applies to its facts outside another
// comprehension (facts.assignments.filter(a, a.task_id == "T01")) is an
// input of its own, named by its source and valued by the items it kept;
// the list it filters is then not listed whole unless the rule reads it
// elsewhere. On the native path (below) the evaluation keeps what each
// filter kept as it goes, so a trace costs only its rendering; a filter the
// evaluation did not reach (a branch not taken) is run natively for the
// trace. A rule that cel-go evaluates compiles each filter on its own from
// the checked rule and evaluates it a second time when tracing. Tracing is
// off by default.
//
// # Native evaluation
//
// Most indicators are a handful of shapes, and [Env.Compile] compiles those
// to Go closures instead of handing them to cel-go's interpreter, which
// converts every list item to a CEL value and tracks cost per step. The
// shapes, recognised in the checked rule:
//
//	numbers and bools: double, int and bool literals, enum constants
//	                   (Dimension.DIMENSION_CONDUCT), facts.business_score
//	lists:             facts.assignments, .findings, .cases (and their
//	                   aliases), and list.filter(x, p) of them
//	predicates p:      x.f == c, x.f != c, x.f in [c1, c2], "tag" in x.tags,
//	                   x.f < c (and <=, >, >=) for an int or enum field, a bool
//	                   field, !, &&, || — over any scalar field of the item and
//	                   constants of the field's type
//	functions:         completion_rate, on_time_rate(l, now), overdue_count(l,
//	                   now), count_open_cases, size, double(int), clamp,
//	                   metrics[?"k"].orValue(d) (also facts.metrics),
//	                   list.exists(x, p), list.all(x, p)
//	operators:         + - * / on doubles, + - * / % on ints (overflow and
//	                   division by zero as cel-go), unary -, == != < <= > >=
//	                   (ints and doubles mixed, NaN never ordered, as cel-go),
//	                   && || ! and c ? a : b
//
// Any other sub-expression of a number or bool type is left to cel-go: it is
// compiled on its own from the checked rule (so its errors keep their
// positions) and evaluated within the native closure ([EvaluatorMixed]). A
// rule whose whole expression is not supported is cel-go's alone
// ([EvaluatorCEL]). [Program.Evaluator] says which applies;
// [WithCELOnly] makes every rule cel-go's, for comparison.
//
// Both paths give the same results bit for bit: the same value, the same
// error (message in both languages, position, the sentinel it matches, such
// as [ErrNoData] for a rate over an empty selection) and the same trace. A
// differential test runs every rule of the corpus (testdata/rules), of the
// sample indicator system and triggers, and of the examples, on both paths
// over generated facts (empty lists, absent metrics, NaN and infinite
// numbers, unset times, up to 300 assignments), and FuzzNative compares them
// on random rules of the supported grammar.
//
// Cost. A native evaluation charges 1 for a rule that reads the facts, then
// 1 per list item a rate or count function reads and 1 per item a filter,
// exists or all visits (none for a constant predicate, which cel-go folds), plus
// the actual cost of any sub-expression left to cel-go. That is never more
// than cel-go charges for the same rule and facts (the differential test
// checks it), so [Value.Cost] is lower on the native path and a [Budget]
// lasts longer; [Program.EstimatedCost] stays cel-go's static estimate, an
// upper bound for both paths. The per-evaluation limit is checked after every
// list scan and a cancelled context is noticed at the same points, so one
// unit's evaluation stops within one scan of a list.
//
// Runtime cost tracking is kept for rules cel-go evaluates, even when the
// static estimate fits the limit: the estimate holds only for facts within
// the size hints ([Sizes]), and facts are not checked against the hints, so
// dropping the tracker would let a larger unit's facts run unbounded. Native
// rules need no tracker: their cost is a sum over list lengths, counted as
// the lists are read.
package cel
