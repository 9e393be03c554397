/// The words generated posts are made of, most frequent first: `ScaleSeed` draws each word with a
/// probability proportional to 1/rank (Zipf's law, as real English text follows it), so the order
/// of this list decides which words are common. The function words come first, as in any English
/// corpus (the search configuration drops them as stopwords); then the everyday vocabulary of
/// schools talking about teaching and assessment, general before specialised. Past the end of
/// the list come generated names (`ScaleSeed.rareNames` of them), the long tail of rare terms that real
/// forums are full of (people, places, products): 3 words in 100, so a rare one matches a handful of posts.
enum ScaleVocabulary {
    static let functionWords = """
    the of and to a in is that for it with as was on be at by this have from or are but not they we \
    you our their an which all were can there has been would more so what if about when do will one \
    some them how its also into than other only then could these any my no up out very just most much \
    each such those over after before where while because through both same again should
    """

    static let fieldWords = """
    students school teachers learning time year work class new think students' help way teacher \
    student good first need team grade feedback make week support know use really find start \
    mastery assessment standards level skills course plan well better see different parents \
    questions group practice give share data lesson project reading right able change take \
    math writing next process system unit across goal show meeting part looking want try many \
    kids grading evidence progress families last community high middle leaders classroom \
    district staff thinking understanding model trying together day school's own still \
    competency rubric competencies portfolio transcript transcripts pacing reflection revision \
    curriculum instruction professional development principal leadership board policy \
    college credit credits graduation requirements pathways personalized voice choice agency \
    ready readiness habits success equity access opportunity outcomes measures scores report \
    reports reporting letter grades points average homework late retake retakes reassessment \
    deadline deadlines flexible schedule advisory conferences conference narrative comments \
    criteria performance task tasks projects exhibition exhibitions presentation defense \
    capstone internship internships partners business local families' conversations trust \
    stage phase pilot piloting scaling launch implementation design framework tools template \
    templates calendar period block semester quarter term summer fall spring winter january \
    august september october november december february march april may june july \
    science history english language arts social studies biology chemistry physics algebra \
    geometry statistics calculus literature essay essays lab labs research inquiry argument \
    claim claims sources analysis modeling problem problems solving solutions strategy strategies \
    collaboration communication creativity critical citizenship wellbeing belonging culture \
    climate relationships restorative attendance behavior engagement motivation ownership \
    independence responsibility persistence growth mindset goals setting tracking dashboard \
    gradebook software platform spreadsheet google document documents slides video videos \
    student-led conference-style demonstrate demonstrated demonstrating proficient proficiency \
    developing emerging beginning advanced exceeds meets approaching novice expert scale scales \
    descriptors indicators targets learning-targets outcomes-based standards-based \
    competency-based mastery-based proficiency-based traditional conventional transition \
    shift shifting moving moved adopt adopted adoption roll rolled rollout timeline \
    elementary secondary primary upper lower ninth tenth eleventh twelfth freshmen seniors \
    juniors sophomores graduates alumni admissions universities university colleges \
    counselors counselor registrar transcript-request gpa honors weighted unweighted \
    calibration calibrate calibrating moderation norming norm inter-rater reliability \
    validity consistent consistency fairness bias equitable inequity gaps subgroups \
    multilingual learners english-learners special education iep accommodations \
    interventions intervention tier tiers tutoring coaching coach coaches mentor mentors \
    observation observations walkthrough walkthroughs cycles cycle inquiry-cycle protocol \
    protocols tuning tuning-protocol critique critiques peer peers colleagues network \
    networks consortium member members schools' visit visits site-visit visited hosting \
    host sharing shared exemplar exemplars samples sample artifacts artifact collection \
    digital portfolios showcase reflection-journal journals journal blog newsletter \
    message email emails survey surveys results interviews focus groups listening sessions \
    workshop workshops training summer-institute institute retreat planning-day pd \
    budget funding grant grants superintendent board-meeting trustees governance state \
    accreditation compliance regulations law legislation waiver waivers seat seat-time \
    carnegie unit-credit hours minutes bell schedule blocks flex flex-time advisory-period \
    intersession electives elective core courses sections enrollment cohort cohorts
    """

    static let specialistWords = """
    backward design understanding-by-design essential questions enduring understandings \
    performance-assessment performance-tasks authentic audience real-world relevance rigor \
    depth knowledge dok bloom taxonomy cognitive demand scaffold scaffolds scaffolding \
    differentiation differentiated universal udl accessibility multiple-means representation \
    formative summative diagnostic interim benchmark benchmarks checkpoints checkpoint \
    exit tickets exit-ticket quizzes quiz tests test exams exam final finals midterm \
    self-assessment peer-assessment conferring conferences goal-setting learner profile \
    profiles graduate-profile portrait portrait-of-a-graduate vision mission values \
    learner-centered student-centered personalized-learning blended online hybrid \
    asynchronous synchronous self-paced pace paced pacing-guide playlists playlist \
    workshop-model station stations rotation rotations seminar socratic harkness \
    discussion discussions debate debates simulation simulations fieldwork field-trips \
    expeditionary outdoor place-based service-learning community-partners apprenticeship \
    dual-enrollment early-college micro-credentials badges badge credentials certificate \
    endorsement seal diploma diplomas graduation-rate pass fail incomplete not-yet \
    redo redos resubmission resubmit revise revised revising drafts draft final-draft \
    exemplary sufficient insufficient evidence-of-learning body-of-evidence most-recent \
    decaying power-law mode median trend trends conversion conversions convert \
    four-point scale-of-four rubric-row rubric-rows holistic analytic single-point \
    co-constructed student-friendly i-can statements success-criteria learning-progressions \
    progression progressions continuum continua ladder ladders map maps mapping alignment \
    aligned vertical horizontal coherence coherent sequence sequencing prerequisites \
    habits-of-work habits-of-mind work-habits citizenship-grades separate separating \
    behavior-grades zeros zero minimum-grading fifty-percent extra-credit participation \
    compliance-points homework-policy late-work reassessment-policy retake-policy \
    family-night parent-night open-house family-conferences report-card report-cards \
    standards-based-report-card narrative-report learner-report progress-report \
    student-information-system sis lms canvas schoology powerschool infinite-campus \
    rubric-builder evidence-tracker mastery-tracker competency-tracker transcript-builder \
    college-admissions admission-officers selective admissions-readers mastery-transcript \
    one-page transcript-design course-list credit-mapping equivalency equivalencies \
    state-reporting reporting-requirements athletic-eligibility eligibility ncaa \
    scholarship scholarships financial-aid class-rank valedictorian honor-roll
    """
}
