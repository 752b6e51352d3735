package health.pipeline.deidentification.evaluation;

import static health.pipeline.deidentification.evaluation.GoldCategory.ADDRESS;
import static health.pipeline.deidentification.evaluation.GoldCategory.AGE;
import static health.pipeline.deidentification.evaluation.GoldCategory.CLINICIAN_NAME;
import static health.pipeline.deidentification.evaluation.GoldCategory.CONTACT;
import static health.pipeline.deidentification.evaluation.GoldCategory.DATE;
import static health.pipeline.deidentification.evaluation.GoldCategory.ID;
import static health.pipeline.deidentification.evaluation.GoldCategory.LOCATION;
import static health.pipeline.deidentification.evaluation.GoldCategory.OTHER_NAME;
import static health.pipeline.deidentification.evaluation.GoldCategory.PATIENT_NAME;
import static health.pipeline.deidentification.evaluation.GoldCategory.PHONE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.pipeline.deidentification.evaluation.NoteText.Phrase;
import health.pipeline.deidentification.evaluation.Surrogates.Surrogate;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic generator of realistic clinical notes with gold identifier spans: ICU nursing notes (telegraphic,
 * lower case), physician progress notes, radiology reports and discharge summaries, each case with the FHIR R4
 * {@code Patient} resource of its record. Identifiers are written the way clinicians write them (see
 * {@link GoldCategory}); names and places are surrogates from {@link Surrogates} (held-out lexicon entries or
 * invented). About one nursing or progress note in six carries no identifier at all but plenty of identifier-like clinical numbers.
 * Same seed, same lexicon: same notes.
 */
public final class NoteGenerator {

    public static final long DEFAULT_SEED = 20261208L;
    public static final int DEFAULT_PATIENTS = 160;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Surrogates surrogates;
    private final long seed;

    public NoteGenerator(Surrogates surrogates, long seed) {
        this.surrogates = surrogates;
        this.seed = seed;
    }

    /** The default corpus: {@value #DEFAULT_PATIENTS} patients, about 600 notes, seed {@value #DEFAULT_SEED}. */
    public static List<GeneratedCase> defaultCorpus() {
        return new NoteGenerator(new Surrogates(LexiconFiles.load(), DEFAULT_SEED), DEFAULT_SEED)
                .generate(DEFAULT_PATIENTS);
    }

    public Surrogates surrogates() {
        return surrogates;
    }

    public List<GeneratedCase> generate(int patients) {
        Random random = new Random(seed);
        List<GeneratedCase> cases = new ArrayList<>(patients);
        for (int i = 0; i < patients; i++) {
            cases.add(new Case(i, new Random(random.nextLong())).build());
        }
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Clinical text without identifiers. Some of it deliberately looks like identifiers: dates-like ratios, times,
    // room and bed numbers, doses, scores, years alone, ages under 90, eponyms, drug brand names.
    // ---------------------------------------------------------------------------------------------------------

    private static final String[] NEURO = {
        "a+ox3, mae, follows commands, gcs 15.",
        "sedated on propofol 30mcg/kg/min, rass -2, perrl 3mm brisk.",
        "alert, oriented x2, forgetful at times, no focal deficits, 5/5 strength all ext.",
        "c/o 7/10 incisional pain, medicated w/ dilaudid 0.5mg iv with relief to 3/10.",
        "gcs 11 (e3v3m5), pupils 4mm sluggish, neuro checks q1h.",
        "anxious overnight, ativan 0.5mg po x1 at 0200 with good effect.",
        "denies pain, sleeping in naps, cam neg.",
        "pain 8/10 at 1900 -> 2/10 after 4mg mso4 iv, 3/4 of ordered dose.",
        "gcs 14, e4v4m6, 4/5 strength r side, 5/5 left, grips equal.",
        "pain 4/10 r flank, tylenol 650mg po at 2200.",
        "babinski neg, strength 4/5 lue, 5/5 rue, hx parkinson's dz, sinemet 25/100 tid.",
        "precedex 0.4mcg/kg/hr, arousable to voice, nods appropriately.",
        "c/o ha 6/10, fioricet x1, ct head neg per team.",
        "moves all ext weakly, pt 3/5 ble, hob > 30.",
    };
    private static final String[] CV = {
        "nsr 70s-80s no ectopy, bp 120/80, map > 65.",
        "afib 100-120s, dilt gtt at 10mg/hr, bp 98-110/50s.",
        "sbp 90s-100s on levophed 0.08mcg/kg/min, weaning as tol.",
        "k 3.9, mg 1.8, lytes repleted per sliding scale.",
        "2+ pitting edema bilat le, pedal pulses palpable, 1+ dp.",
        "hr 88 st, bp 142/76, lopressor 5mg iv x1 given at 0400.",
        "cvp 8-10, ci 2.4, svr 1100, swan dc'd at 14:30.",
        "bp 160s/90s, hydral 10mg iv x2, now 138/72.",
        "trop 0.04 -> 0.06, ekg unchanged, asa 325 given.",
        "k 3.2 repleted w/ 40meq kcl po, recheck at 1800.",
        "paced 70, underlying sb 40s, pacer wires capped.",
        "svt to 160s x 20 sec at 03:15, self terminated.",
        "nbp 132/64 (84), a-line 128/60, 2-3/6 sem.",
        "bp 100/60 after 2nd dose, hr 110s at 2300 -> 90s by 0500.",
    };
    private static final String[] RESP = {
        "ls coarse bilat, diminished at bases, sats 94% 2l nc.",
        "on ac 500x14 peep 5 fio2 40%, abg 7.38/42/88.",
        "weaned to cpap 5/5, tol well, rsbi 45.",
        "4l nc, sats 92-95%, strong cough, expect. thick tan sputum.",
        "rr 18-22, non labored, ambulating to chair w/ pt.",
        "is 750ml, encouraged c&db.",
        "bipap 12/5 overnight, off at 0600 to 3l nc, sats 96%.",
        "ett 7.5 @ 23 at lip, suctioned q2-3h for mod thick white secretions.",
        "cxr this am w/ improving rll infiltrate.",
        "sats dropped to 86% on 2l at 0330, up to 6l face tent, now 93%.",
    };
    private static final String[] GI = {
        "abd soft, nt/nd, +bs, tolerating clears.",
        "tf @ goal 60cc/hr via ogt, residuals < 50cc.",
        "no bm this shift, colace and senna given.",
        "npo after mn for procedure, d5 1/2 ns @ 75cc/hr.",
        "fs 180, covered w/ 4 units ri per riss.",
        "abd distended, firm, hypoactive bs, kub done.",
        "loose brown guaiac neg stool x2, c diff sent.",
        "tolerating ada 1800 cal diet, appetite fair.",
        "protonix 40mg iv qd, peg to gravity.",
    };
    private static final String[] GU = {
        "foley to gravity, uo 30-50cc/hr, clear yellow.",
        "uo 20cc/hr x2 hrs, 500cc ns bolus given w/ good response.",
        "voiding qs, bun/cr 22/1.1.",
        "lasix 40mg iv at 1000, diuresed 1.2l, net neg 800cc.",
        "foley dc'd at 0600, due to void by 1400.",
        "cr 2.4 from 1.9, renal following, uo 15-25cc/hr.",
        "cvvh running, removing 100cc/hr, lytes q6h.",
    };
    private static final String[] ID_HEME = {
        "tmax 38.2, vanco trough 15.2 drawn at 0530, cx pending.",
        "afebrile, wbc 11.4 from 14.2, zosyn 3.375g q6h.",
        "blood cx x2 sent, ua/ucx sent, on contact precautions for mrsa.",
        "hct 31.2, plt 245, inr 1.2, no s/s bleeding.",
        "transfused 1 u prbc for hct 21.3, post hct pending.",
        "heparin gtt at 1100 units/hr, ptt 68 at 0600.",
        "t 99.1 po, cefepime 2g q12h, day 4/7.",
        "coumadin held for inr 3.4, vit k 2.5mg po x1.",
    };
    private static final String[] SKIN = {
        "coccyx w/ stage 2 ulcer 2x3cm, duoderm applied, turning q2h.",
        "r ij cvl site c/d/i, piv x2 #20 l ac and #18 r fa.",
        "skin intact, waffle mattress in place, heels elevated.",
        "sternal incision c/d/i, steri strips intact, ct sites w/ scant serous drainage.",
        "ecchymosis l forearm, r radial a-line w/ good waveform.",
        "braden 14, turned and repositioned q2h.",
        "bed 11, pt on kinair bed, low air loss, 2 person turn.",
    };
    private static final String[] SOCIAL = {
        "family in to visit, updated on poc.",
        "dtr called, updated by rn.",
        "wife at bedside most of the day, supportive.",
        "full code. hcp on file.",
        "lives alone, independent w/ adls at baseline.",
        "son called x2, all questions answered.",
        "no family contact this shift.",
        "case mgmt following for dispo, may need rehab.",
    };
    private static final String[] PLAN = {
        "cont to monitor, wean vent as tol, f/u am labs.",
        "plan for ct abd this pm, consent on chart.",
        "possible transfer to floor in am if stable.",
        "pt in rm 12 bed 4, moved to bed 2 this am for iso.",
        "moved to room 7b at 1530, report given to floor rn.",
        "i:e 1:2, ps 10/5 trial at 1100 x 2 hrs, tol well.",
        "i/o 1200/800 at midnight, wt 82.3kg (adm wt 79.1).",
        "2/2 blood cx ngtd, 1/4 ns @ 50/hr, 1/2 tab oxycodone q4h prn.",
        "am labs at 0400, k and mg replete per protocol.",
        "cont abx, trend lactate q4h, goal map > 65.",
        "ambulate w/ pt/ot 2x today, oob to chair for meals.",
        "monitor i/o, goal net neg 1l, f/u cxr in am.",
        "pain control, ppi, sq heparin, bowel regimen.",
        "dnr/dni confirmed w/ team, comfort focused if worsens.",
    };
    private static final String[] HISTORY = {
        "hx htn, dm2, cad s/p cabg 2009, copd on home o2 2l.",
        "pmh: chf (ef 25%), afib on coumadin, ckd stage 3, hodgkin's lymphoma 1998.",
        "hx etoh abuse, last drink 2 days pta, ciwa 12.",
        "s/p fall at home, hx of crohn's, graves dz s/p rai 2004.",
        "h/o bell's palsy 2016, osa on cpap, bph.",
        "hx of mi in 2015, pci x2, on plavix.",
        "pmh notable for cushing's syndrome and addison's crisis 2011.",
    };
    private static final String[] EXAM = {
        "Gen: NAD, lying in bed. HEENT: PERRL, MMM. CV: RRR, no m/r/g. Lungs: CTA b/l. Abd: soft, NT/ND, +BS. "
                + "Ext: 1+ edema b/l LE.",
        "Gen: intubated, sedated. CV: irregularly irregular, II/VI SEM at RUSB. Lungs: coarse BS b/l. Abd: soft. "
                + "Ext: 2+ pitting edema to knees. Neuro: withdraws x4.",
        "Gen: awake, alert, oriented x3. CV: RRR. Lungs: bibasilar crackles. Abd: obese, soft. Ext: warm, 2+ DP "
                + "pulses. Neuro: strength 5/5 throughout, Babinski downgoing.",
    };
    private static final String[] ASSESSMENT = {
        "1. Septic shock, likely urinary source: cont cefepime 2g q12h, wean levophed to MAP > 65.",
        "2. Acute on chronic systolic CHF (EF 30%): diuresis w/ lasix 40mg IV BID, goal net neg 1-1.5L.",
        "3. AFib w/ RVR: dilt gtt, transition to PO dilt 60mg q6h, CHADS2-VASc 4, start heparin.",
        "4. AKI (Cr 2.1 from baseline 1.2): renally dose meds, avoid nephrotoxins, renal US.",
        "5. Hypokalemia: K 3.1, replete to goal > 4.0, Mg > 2.0.",
        "6. DM2: HbA1c 8.2%, ISS + glargine 10 units qHS.",
        "7. PPx: SQ heparin 5000 units TID, PPI, bowel regimen.",
        "8. Respiratory failure: SBT this am, RSBI 45, plan extubation if passes.",
        "9. Delirium: CAM positive, haldol 0.5mg PRN, frequent reorientation, sleep hygiene.",
    };
    private static final String[] STUDIES = {
        "CHEST (PORTABLE AP)", "CT HEAD W/O CONTRAST", "CT ABDOMEN/PELVIS W/ CONTRAST", "CHEST PA AND LATERAL",
        "RENAL ULTRASOUND", "CTA CHEST (PE PROTOCOL)", "MRI BRAIN W/ AND W/O CONTRAST", "BILAT LE VENOUS DOPPLER",
    };
    private static final String[] RAD_FINDINGS = {
        "ET tube terminates 4.2 cm above the carina. NG tube courses below the diaphragm. Right IJ catheter tip in "
                + "the distal SVC. Patchy opacity at the right base, slightly improved. Small bilateral effusions. "
                + "No pneumothorax.",
        "No acute intracranial hemorrhage, mass effect or shift of midline structures. Ventricles and sulci are "
                + "prominent, consistent with age-related involution. Periventricular white matter hypodensities "
                + "likely represent chronic small vessel ischemic disease.",
        "The liver measures 17.5 cm. There is a 2.3 x 1.8 cm hypodense lesion in segment 7. The gallbladder is "
                + "distended with layering sludge; no pericholecystic fluid. The kidneys enhance symmetrically. "
                + "Sigmoid diverticulosis without diverticulitis. L4/5 degenerative changes.",
        "Right kidney 10.8 cm, left kidney 11.2 cm. No hydronephrosis. Increased cortical echogenicity bilaterally. "
                + "The bladder is decompressed by a Foley catheter.",
        "Filling defects in the right lower lobe segmental and subsegmental arteries. RV/LV ratio 0.9. No infarct. "
                + "Emphysematous changes, upper lobe predominant. 4 mm nodule in the left upper lobe (series 3, image 45).",
        "Occlusive thrombus in the left common femoral and popliteal veins. Right side patent and compressible.",
    };
    private static final String[] RAD_IMPRESSION = {
        "1. Lines and tubes in satisfactory position. 2. Improving right basilar opacity.",
        "No acute intracranial process. Chronic small vessel disease.",
        "1. Sludge-filled gallbladder without evidence of acute cholecystitis. 2. Indeterminate 2.3 cm hepatic "
                + "lesion; MRI recommended on a non-urgent basis.",
        "Echogenic kidneys consistent with medical renal disease. No hydronephrosis.",
        "Acute right lower lobe pulmonary emboli without right heart strain.",
        "Acute DVT of the left common femoral and popliteal veins.",
    };
    private static final String[] COURSE = {
        "The patient was admitted to the MICU with septic shock from a urinary source. Blood cultures grew E. coli "
                + "sensitive to ceftriaxone. Pressors were weaned off by hospital day 3 and antibiotics narrowed.",
        "Hospital course was complicated by atrial fibrillation with rapid ventricular response, controlled with "
                + "diltiazem and metoprolol 25 mg PO BID. Anticoagulation was started with apixaban 5 mg BID.",
        "Acute kidney injury peaked at a creatinine of 2.4 and improved to 1.3 with fluids and holding lisinopril.",
        "The patient was extubated on hospital day 4 after passing a spontaneous breathing trial and was weaned to "
                + "room air with saturations of 95%.",
        "Pain was controlled with oxycodone 5 mg q4h PRN and acetaminophen 1 g q8h. Physical therapy evaluated "
                + "and recommended short-term rehabilitation.",
        "Glucose control was difficult; insulin glargine was titrated to 18 units at bedtime with lispro sliding "
                + "scale. HbA1c 9.1%.",
    };
    private static final String[] MEDS = {
        "Metoprolol tartrate 25 mg PO BID", "Apixaban 5 mg PO BID", "Furosemide 40 mg PO daily",
        "Atorvastatin 80 mg PO qHS", "Insulin glargine 18 units SC qHS", "Pantoprazole 40 mg PO daily",
        "Levothyroxine 88 mcg PO daily", "Sertraline 50 mg PO daily", "Senna 8.6 mg PO BID PRN constipation",
        "Cefpodoxime 200 mg PO q12h x 5 days", "Carbidopa/levodopa 25/100 PO TID", "Potassium chloride 20 mEq PO daily",
    };

    private static final String[] HOSPITAL_WORDS = {"Hospital", "Hosp", "Medical Center", "Memorial", "Memorial Hospital",
        "General", "General Hospital", "Community Hospital", "Regional Medical Center", "Health Center", "Clinic"};
    private static final String[] FACILITY_WORDS = {"Assisted Living", "Nursing Home", "Manor", "Rehab",
        "Rehabilitation Center", "Nursing and Rehab", "Senior Living", "Health Care Center", "Skilled Nursing"};
    private static final String[] STREET_TYPES = {"St", "Street", "Ave", "Avenue", "Rd", "Road", "Dr", "Drive", "Lane",
        "Ln", "Ct", "Blvd", "Way", "Terrace", "Pl"};
    private static final String[] STATES = {"MD", "PA", "VA", "DE", "NJ", "Maryland", "OH", "NY", "MA", "NC"};
    private static final String[] MAIL_DOMAINS = {"gmail.com", "yahoo.com", "comcast.net", "aol.com", "verizon.net",
        "hotmail.com", "example.org", "outlook.com"};
    private static final String[] ONES = {"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    /** Everything known about one fictional patient; renders every kind of note about them. */
    private final class Case {
        private final int index;
        private final Random r;
        private final String patientId;
        private final boolean female;
        private final Surrogate first;
        private final Surrogate middle;
        private final Surrogate last;
        private final Surrogate nickname;
        private final Surrogate misspelledLast;
        private final int age;
        private final LocalDate admitted;
        private final LocalDate birthDate;
        private final String mrn;
        private final String phone;
        private final String email;
        private final String street;
        private final Surrogate streetBase;
        private final Surrogate town;
        private final String state;
        private final String zip;
        private final Person[] clinicians;
        private final Person[] nurses;
        private final Relative[] relatives;
        private final Facility transferFrom;
        private final Facility homeHospital;
        private final Facility facility;
        private final Facility rehab;
        private final Facility clinic;

        Case(int index, Random r) {
            this.index = index;
            this.r = r;
            this.patientId = UUID.nameUUIDFromBytes(("deid-eval-patient-" + seed + "-" + index).getBytes()).toString();
            this.female = r.nextBoolean();
            this.first = surrogates.firstName(r);
            this.middle = surrogates.firstName(r);
            this.last = surrogates.surname(r);
            this.nickname = surrogates.nickname(first, r);
            this.misspelledLast = surrogates.misspelling(last, r);
            this.age = r.nextInt(100) < 16 ? 90 + r.nextInt(14) : 24 + r.nextInt(66);
            this.admitted = LocalDate.of(2008 + r.nextInt(17), 1, 1).plusDays(r.nextInt(365));
            this.birthDate = admitted.minusYears(age).minusDays(1 + r.nextInt(360));
            this.mrn = switch (r.nextInt(4)) {
                case 0 -> String.format("%07d", r.nextInt(10_000_000));
                case 1 -> "W" + (1 + r.nextInt(9)) + "-" + String.format("%06d", r.nextInt(1_000_000));
                case 2 -> "MR" + String.format("%06d", r.nextInt(1_000_000));
                default -> String.format("%08d", r.nextInt(100_000_000));
            };
            this.phone = (201 + r.nextInt(780)) + "-" + (r.nextInt(3) == 0 ? "555" : String.valueOf(200 + r.nextInt(799)))
                    + "-" + String.format("%04d", r.nextInt(10_000));
            this.email = first.text() + (r.nextBoolean() ? "." : "") + last.text()
                    + (r.nextBoolean() ? String.valueOf(r.nextInt(99)) : "") + "@" + pick(MAIL_DOMAINS);
            this.streetBase = surrogates.placeBase(r);
            this.street = (1 + r.nextInt(9_899)) + " " + Surrogates.capitalise(streetBase.text()) + " " + pick(STREET_TYPES);
            this.town = surrogates.town(r);
            this.state = pick(STATES);
            this.zip = String.format("%05d", 10_000 + r.nextInt(89_999));
            this.clinicians = new Person[] {person(), person(), person(), person()};
            this.nurses = new Person[] {person(), person(), person()};
            this.relatives = new Relative[] {relative(), relative(), relative()};
            this.transferFrom = hospital();
            this.homeHospital = hospital();
            this.facility = facility();
            this.rehab = facility();
            this.clinic = hospital();
        }

        private record Person(Surrogate first, Surrogate last) {
        }

        private record Relative(String role, Surrogate first, Surrogate last) {
        }

        /** A facility's name, its origin and (for hospitals) an abbreviation such as "BMC". */
        private record Facility(String name, Origin origin, String abbreviation) {
        }

        private Person person() {
            return new Person(surrogates.firstName(r), surrogates.surname(r));
        }

        private Relative relative() {
            String[] roles = {"husband", "wife", "son", "daughter", "dtr", "sister", "brother", "niece", "nephew",
                "granddaughter", "grandson", "friend", "neighbor", "partner", "hcp", "sister-in-law"};
            return new Relative(pick(roles), surrogates.firstName(r), r.nextBoolean() ? last : surrogates.surname(r));
        }

        private Facility hospital() {
            for (int attempt = 0; ; attempt++) {
                String name;
                Origin origin;
                if (r.nextInt(6) == 0) {
                    Surrogate saint = surrogates.firstName(r);
                    origin = saint.origin();
                    String cap = Surrogates.capitalise(saint.text());
                    name = switch (r.nextInt(3)) {
                        case 0 -> "St. " + cap;
                        case 1 -> "St. " + cap + "'s Hospital";
                        default -> "Saint " + cap + " Medical Center";
                    };
                } else {
                    Surrogate base = surrogates.placeBase(r);
                    origin = base.origin();
                    name = Surrogates.capitalise(base.text()) + " " + pick(HOSPITAL_WORDS);
                }
                String abbreviation = abbreviate(name);
                if (abbreviation != null || attempt > 20) {
                    return new Facility(name, origin, abbreviation == null ? "MMC" : abbreviation);
                }
            }
        }

        private Facility facility() {
            Surrogate base = surrogates.placeBase(r);
            return new Facility(Surrogates.capitalise(base.text()) + " " + pick(FACILITY_WORDS), base.origin(), null);
        }

        private String abbreviate(String name) {
            StringBuilder initials = new StringBuilder();
            for (String word : name.replace("'s", "").split(" ")) {
                initials.append(Character.toUpperCase(word.charAt(0)));
            }
            if (initials.length() == 1) {
                initials.append('H');
            }
            if (initials.length() > 4 || Surrogates.CLINICAL_SHORT.contains(initials.toString().toLowerCase(Locale.ROOT))) {
                return null;
            }
            return initials.toString();
        }

        private String pick(String[] options) {
            return options[r.nextInt(options.length)];
        }

        private boolean chance(int percent) {
            return r.nextInt(100) < percent;
        }

        GeneratedCase build() {
            List<GeneratedNote> notes = new ArrayList<>();
            List<NoteKind> kinds = new ArrayList<>(List.of(NoteKind.NURSING, NoteKind.NURSING));
            if (chance(70)) {
                kinds.add(NoteKind.PROGRESS);
            }
            if (chance(60)) {
                kinds.add(NoteKind.RADIOLOGY);
            }
            if (chance(50)) {
                kinds.add(NoteKind.DISCHARGE);
            }
            for (int n = 0; n < kinds.size(); n++) {
                NoteKind kind = kinds.get(n);
                boolean phiFree = (kind == NoteKind.NURSING || kind == NoteKind.PROGRESS) && chance(16);
                Note note = new Note(kind, phiFree);
                note.write();
                notes.add(new GeneratedNote(String.format("p%03d-n%d-%s", index, n, kind.name().toLowerCase(Locale.ROOT)),
                        kind, phiFree, note.text.text(), note.text.gold()));
            }
            return new GeneratedCase(patientId, patientResource(), notes);
        }

        private ObjectNode patientResource() {
            ObjectNode patient = JSON.createObjectNode();
            patient.put("resourceType", "Patient");
            patient.put("id", patientId);
            ObjectNode identifier = patient.putArray("identifier").addObject();
            identifier.put("use", "usual");
            ObjectNode coding = identifier.putObject("type").putArray("coding").addObject();
            coding.put("system", "http://terminology.hl7.org/CodeSystem/v2-0203");
            coding.put("code", "MR");
            identifier.put("system", "https://eval.example-hospital.org/fhir/sid/mrn");
            identifier.put("value", mrn);
            ObjectNode name = patient.putArray("name").addObject();
            name.put("use", "official");
            name.put("family", Surrogates.capitalise(last.text()));
            ArrayNode given = name.putArray("given");
            given.add(Surrogates.capitalise(first.text()));
            given.add(Surrogates.capitalise(middle.text()));
            ArrayNode telecom = patient.putArray("telecom");
            ObjectNode phoneNode = telecom.addObject();
            phoneNode.put("system", "phone");
            phoneNode.put("value", "(" + phone.substring(0, 3) + ") " + phone.substring(4));
            phoneNode.put("use", "home");
            ObjectNode mail = telecom.addObject();
            mail.put("system", "email");
            mail.put("value", email);
            patient.put("gender", female ? "female" : "male");
            patient.put("birthDate", birthDate.toString());
            ObjectNode address = patient.putArray("address").addObject();
            address.put("use", "home");
            address.putArray("line").add(street);
            address.put("city", Surrogates.capitalise(town.text()));
            address.put("state", state);
            address.put("postalCode", zip);
            address.put("country", "US");
            return patient;
        }

        /** One note being written; {@code lower} notes are nursing style. */
        private final class Note {
            private final NoteKind kind;
            private final boolean phiFree;
            private final boolean lower;
            private final NoteText text = new NoteText();
            private final LocalDate day;

            Note(NoteKind kind, boolean phiFree) {
                this.kind = kind;
                this.phiFree = phiFree;
                this.lower = kind == NoteKind.NURSING;
                this.day = admitted.plusDays(r.nextInt(12));
            }

            void write() {
                switch (kind) {
                    case NURSING -> nursing();
                    case PROGRESS -> progress();
                    case RADIOLOGY -> radiology();
                    case DISCHARGE -> discharge();
                }
            }

            private void line(String template) {
                text.fill(template, this::resolve);
            }

            private String any(String[] options) {
                return pick(options);
            }

            /** {@code k} distinct entries of {@code pool}, in pool order. */
            private List<String> some(String[] pool, int k) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < pool.length; i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order, r);
                List<Integer> chosen = new ArrayList<>(order.subList(0, Math.min(k, pool.length)));
                java.util.Collections.sort(chosen);
                return chosen.stream().map(i -> pool[i]).toList();
            }

            // ---------------------------------------------------------------- note kinds

            private void nursing() {
                line(any(new String[] {"npn 0700-1900\n", "micu nursing progress note 7a-7p\n", "nursing note 1900-0700:\n",
                    "ccu npn\n", "sicu nsg note 7p-7a\n", "rn note @ 0300\n", "Nursing Progress Note\n"}));
                if (!phiFree && chance(55)) {
                    line(any(new String[] {"{age} yo {sex} admitted {date} w/ urosepsis.\n",
                        "{pt} is a {age} y/o {sex} from {facility} admitted w/ fall, r hip fx.\n",
                        "pt {pt} transferred from {hospAbbr} on {date} for higher level of care.\n",
                        "{age} yo {sex} tx from {hosp} {date} w/ gi bleed.\n",
                        "{pt}, {age}, pod #2 cabg x3 ({date}).\n"}));
                } else if (chance(50)) {
                    line(any(new String[] {"{ageOk} yo {sex} admitted w/ copd flare, hd #3.\n",
                        "{ageOk} y/o {sex} pod #1 s/p lap chole.\n", "hd #5, {ageOk} yo {sex} w/ chf exacerbation.\n"}));
                }
                String[][] systems = {NEURO, CV, RESP, GI, GU, ID_HEME, SKIN};
                String[] labels = {"neuro", "cv", "resp", "gi", "gu", "id", "skin"};
                boolean caps = chance(20);
                String sep = any(new String[] {": ", "- ", ": ", " "});
                List<String> phi = phiFree ? List.of() : nursingPhi(3 + r.nextInt(4));
                int phiAt = 0;
                for (int s = 0; s < systems.length; s++) {
                    if (chance(15)) {
                        continue;
                    }
                    text.append(caps ? labels[s].toUpperCase(Locale.ROOT) : labels[s]).append(sep);
                    line(String.join(" ", some(systems[s], chance(40) ? 2 : 1)));
                    if (phiAt < phi.size() && chance(35)) {
                        line(" " + phi.get(phiAt++));
                    }
                    text.append("\n");
                }
                if (chance(40)) {
                    line(any(HISTORY) + "\n");
                }
                text.append(caps ? "SOCIAL" : "social").append(sep);
                line(any(SOCIAL));
                while (phiAt < phi.size() - 1) {
                    line(" " + phi.get(phiAt++));
                }
                text.append("\n").append(caps ? "PLAN" : "plan").append(sep);
                line(any(PLAN));
                if (phiAt < phi.size()) {
                    line(" " + phi.get(phiAt));
                }
                text.append("\n");
                if (!phiFree && chance(35)) {
                    line(any(new String[] {"{rnFirst} rn\n", "-- {rnFirst} {rnLast}, rn\n", "rn: {rnFirst}\n"}));
                }
            }

            private List<String> nursingPhi(int count) {
                String[] pool = {
                    "{pt} c/o 7/10 pain, medicated.",
                    "{ptPossessive} {relRole} {relName} called @ {time}, updated.",
                    "{rel} at bedside, asking appropriate questions.",
                    "{relFull} ({relRole}) cell# {phone}.",
                    "{relFull} cell# {phone}",
                    "{dr} aware of bp 88/40, 500cc bolus ordered.",
                    "paged {dr} re: uo 15cc/hr, awaiting call back.",
                    "{drLast} aware.",
                    "d/w {dr}, will cont current plan.",
                    "np {npLast} in to see pt, k repleted.",
                    "rn {rnFirst} covering at lunch.",
                    "care endorsed to {rnFirst} rn at 1900.",
                    "transferred from {hospAbbr} on {date}.",
                    "pt tx from {hosp} {date}.",
                    "lives in {town} w/ {relRole} {relName}.",
                    "pt is from {facility}, plan to return there at d/c.",
                    "screening for rehab at {rehab}.",
                    "family requests pt go to {facility} at d/c.",
                    "pt's mother is {age90} and lives at {facility}.",
                    "cath {date}, cabg planned {date}.",
                    "last bm {date}.",
                    "vanco {dateRange}, zosyn started {date}.",
                    "plan to remove cvl {date}.",
                    "f/u w/ {dr} on {date} at {time}.",
                    "sw {swFirst} met w/ family.",
                    "{relRole} {relName} can be reached at {phone}.",
                    "mrn {mrn} on all labels.",
                    "{relRole} lives at {address}, {town}.",
                    "pt lives at {address} w/ {relRole}, {relRole} drives.",
                    "home: {address}, {cityLine}.",
                    "family contact: {relFull}, {email}.",
                    "dr {drLast} pager {pager}.",
                    "{drLast} (renal) in to see pt, recs appreciated.",
                    "spoke w/ {drLast} re: plan.",
                    "{relName} ({relRole}) here {date}, will return tomorrow.",
                    "{pt} pleasant, oriented, asking for {relName}.",
                    "pt states she was at {hospAbbr} in {datePast}.",
                    "home # {phone}, {relRole} {relName} {phoneShort}.",
                    "pt asking for {rnFirst}, rn from last night.",
                    "{ptFirst} sleeping in naps.",
                    "{dr} and {drTwo} in to see pt.",
                    "seen by {drLast}, ok to advance diet.",
                    "{rel} wants to be called at {phone} w/ any changes.",
                    "hcp is {relFull}.",
                    "pt received from {hosp} ed at {time} on {date}.",
                    "{relRole} {relName} from {town} visiting.",
                    "acct# {acct}.",
                    "{relRole} prefers e-mail updates: {email}.",
                    "{relRole} set up a page for family: {url}.",
                    "pt's {relRole}, {age90} yo, unable to visit.",
                    "{relRole} {relName} is {age90Words} years old and lives alone.",
                };
                List<String> chosen = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    chosen.add(pool[r.nextInt(pool.length)]);
                }
                return chosen;
            }

            private void progress() {
                if (phiFree) {
                    line(any(new String[] {"MICU Progress Note\n", "Cardiology CCU Progress Note, HD #4\n",
                        "Surgery Progress Note POD #2\n"}));
                    line("S: No acute events overnight. Denies CP, SOB. Pain 3/10.\n");
                } else {
                    line(any(new String[] {"MICU Progress Note {dateFull}\n", "Progress Note - {date}\n",
                        "CCU Attending Note {date} {time}\n", "Surgery Progress Note POD #2 ({date})\n"}));
                    line(any(new String[] {"S: Per nursing, {ptFirst} was agitated overnight; {relRole} {relName} at bedside.\n",
                        "S: Pt reports improved breathing. Spoke with {relRole} ({relFullCap}) by phone at {phone}.\n",
                        "S: No acute events. Pt asks when she can go back to {facility}.\n",
                        "S: {ptTitle} feels better today, tolerating diet.\n"}));
                }
                line("O: Tmax 38.1, HR 88, BP 120/80, RR 18, SpO2 96% 2L NC. I/O 2.1L/1.6L.\n");
                line("Labs: Na 138, K 3.9, Cl 101, HCO3 24, BUN/Cr 22/1.1, Glu 142, WBC 11.4, Hct 31.2, Plt 245, "
                        + "INR 1.2. ABG 7.38/42/88.\n");
                line(any(EXAM) + "\n");
                line(phiFree ? "A/P: {ageOk} yo with septic shock, improving.\n"
                        : any(new String[] {"A/P: {age} yo {sexWord} with septic shock, transferred from {hospAbbr} on {date}.\n",
                            "A/P: {ptTitle} is a {age}-year-old {sexWord} with CHF exacerbation.\n",
                            "A/P: {age}-year-old {sexWord} from {town} admitted {date} with AFib with RVR.\n"}));
                for (String item : some(ASSESSMENT, 3 + r.nextInt(3))) {
                    line(item + "\n");
                }
                if (!phiFree) {
                    int extra = 2 + r.nextInt(3);
                    String[] pool = {
                        "Discussed with Dr. {drLast} (renal), who agrees with the plan.",
                        "Cards (Dr. {drLast}) recommends TTE; appreciate recs.",
                        "Family meeting with {relRole} {relFullCap} and {relRole} {relNameCap} on {date} at {time}.",
                        "Code status confirmed with HCP {relFullCap} ({phone}).",
                        "Outside records from {hosp} reviewed: echo {datePast} EF 35%.",
                        "PCP Dr. {drFull} at {clinic}, phone {phone}, fax {phone}.",
                        "Dispo: likely {rehab} vs home with VNA; lives at {address}, {town}.",
                        "Discussed with {drLast} from ID: continue cefepime through {date}.",
                        "NP {npFullCap} to follow up labs.",
                        "Pt's {relRole} {relNameCap} requests updates at {email}.",
                        "Last colonoscopy {datePast} at {hospAbbr}.",
                        "Prior admission {dateFull} at {hosp} for the same.",
                        "MRN {mrn}.",
                        "Family updates by e-mail to {email} per {relRole}.",
                    };
                    for (int i = 0; i < extra; i++) {
                        line(any(pool) + "\n");
                    }
                    line(any(new String[] {"{drFull}, MD, pager {pager}\n", "Signed: {drSign}, MD {dateFull} {time}\n",
                        "-- {drFull} MD / {drTwoFull} MD\n", "Seen and examined with Dr. {drLast}. {drSign}, MD\n"}));
                } else {
                    line(any(new String[] {"Discussed with attending on rounds.\n", "Seen and examined with the team.\n"}));
                }
            }

            private void radiology() {
                String study = any(STUDIES);
                line(study + " {dateFull} {time}\n");
                if (chance(50)) {
                    line(any(new String[] {"MRN: {mrn}   Accession #: {accession}\n", "Accession: {accession}\n",
                        "Patient: {ptHeader}   MRN {mrn}\n"}));
                }
                line(any(new String[] {"Clinical history: {age} yo {sexWord} with fever, r/o pneumonia.\n",
                    "Reason: {age} y/o {sexWord} s/p fall, eval for bleed.\n",
                    "INDICATION: {age}-year-old with abdominal pain, elevated LFTs.\n",
                    "History: Hypoxia, tachycardia; transferred from {hospAbbr}.\n"}));
                line(any(new String[] {"Comparison: {date}.\n", "Comparison: Prior study dated {dateFull} and outside films from {hosp} "
                        + "dated {dateFull}.\n", "COMPARISON: None available; outside CT from {hosp} ({datePast}) not available.\n",
                    "Comparison: CT {dateFull}, CXR {date}.\n"}));
                line("Findings: " + any(RAD_FINDINGS) + "\n");
                line("Impression: " + any(RAD_IMPRESSION) + "\n");
                line(any(new String[] {"Findings discussed with Dr. {drLast} by phone at {time} on {date}.\n",
                    "Results called to {drFull} ({pagerSpoken}) at {time}.\n",
                    "Preliminary read by Dr. {drLast}, reviewed and agree. Wet read discussed with {npFirstCap}, NP.\n",
                    "Findings communicated to Dr. {drTwoLast} at {time}, {dateFull}.\n"}));
                line(any(new String[] {"Dictated by: {drFull}, MD\n", "Attending radiologist: Dr. {drTwoFull}\n",
                    "Electronically signed by {drSign}, MD on {dateFull} {time}\n", "{drFull}, MD / {drTwoFull}, MD\n"}));
            }

            private void discharge() {
                line("DISCHARGE SUMMARY\n");
                line(any(new String[] {"Patient: {ptHeader}    MRN: {mrn}\n", "Name: {ptHeader}  Unit No: {mrn}\n",
                    "{ptHeader}, DOB {dob}, MRN {mrn}\n", "Patient: {ptHeader}  DOB: {dob}  SSN: {ssn}\n"}));
                if (chance(40)) {
                    line(any(new String[] {"Insurance: Medicare {medicare}\n", "Insurance member ID: {memberId}\n",
                        "Account #: {acct}\n"}));
                }
                line("Admission Date: {admitDate}    Discharge Date: {dischargeDate}\n");
                line(any(new String[] {"Attending: {drFull}, MD\n", "Attending physician: Dr. {drFull}\n",
                    "Service: Medicine. Attending: {drSign}, MD\n"}));
                line("\nHistory of Present Illness:\n");
                line(any(new String[] {
                    "{ptTitle} is a {age}-year-old {sexWord} with a history of hypertension, CHF and CKD who presented to {hosp} on "
                            + "{date} with three days of dyspnea and was transferred here for further management.",
                    "{ptFull} is a {age}-year-old {sexWord} resident of {facility} who was sent in after a fall on {date}.",
                    "The patient is a {age} y/o {sexWord} from {town} who was seen at {hospAbbr} on {date} for chest pain and "
                            + "transferred on {date}.",
                    "{ptTitle} is a {age} yo {sexWord} with COPD (FEV1 45%) admitted {dateFull} with hypoxia."}));
                line("\n\nHospital Course:\n");
                for (String course : some(COURSE, 2 + r.nextInt(2))) {
                    line(course + " ");
                }
                String[] coursePhi = {
                    "Cardiology (Dr. {drLast}) was consulted on {date}. ",
                    "The family, including {relRole} {relNameCap}, was updated regularly. ",
                    "A family meeting was held on {date} with {relFullCap} ({relRole}). ",
                    "The patient's {relRole} {relFullCap} will stay with the patient after discharge. ",
                    "Records from {hosp} were obtained on {date}. ",
                    "Dr. {drTwoLast} of nephrology followed. ",
                };
                for (String sentence : some(coursePhi, 2)) {
                    line(sentence);
                }
                line("\n\nDischarge Medications:\n");
                int i = 0;
                for (String med : some(MEDS, 4 + r.nextInt(4))) {
                    line(++i + ". " + med + "\n");
                }
                line("\nDischarge Disposition: " + any(new String[] {"Extended care at {facility}", "Home with services",
                    "Rehab at {rehab}", "{rehab}, {town}"}) + "\n");
                line(any(new String[] {"Follow-up: Dr. {drLast} at {clinic} on {date} at {time}, phone {phone}.\n",
                    "Follow-up: PCP Dr. {drFull} in 1-2 weeks ({phone}); cardiology clinic {date}.\n",
                    "Follow up with {drFull}, {clinic}, {dateFull} at 10:30 AM. Call {phoneShort} with questions.\n"}));
                if (chance(80)) {
                    line(any(new String[] {"Address on file: {address}, {cityLine}\n", "Home address: {address}, {cityLine}\n",
                        "Discharged to home: {address}, {cityLine}\n"}));
                }
                if (chance(50)) {
                    line(any(new String[] {"Contact: {relFullCap} ({relRole}) {phone}, {email}\n",
                        "Patient e-mail: {ptEmail}\n", "Patient portal: {url}\n"}));
                }
                line(any(new String[] {"\n{drFull}, MD {dateFull}\n", "\nDictated by {drTwoFull}, MD for {drFull}, MD\n",
                    "\nElectronically signed: {drSign}, MD\n"}));
            }

            // ---------------------------------------------------------------- placeholders

            private String cased(String lowerText) {
                if (lower) {
                    int roll = r.nextInt(100);
                    return roll < 65 ? lowerText : roll < 97 ? Surrogates.capitalise(lowerText) : Surrogates.upper(lowerText);
                }
                return r.nextInt(100) < 95 ? Surrogates.capitalise(lowerText) : Surrogates.upper(lowerText);
            }

            private Phrase name(Surrogate s, GoldCategory category) {
                return Phrase.phi(cased(s.text()), category, s.origin());
            }

            private Phrase capName(Surrogate s, GoldCategory category) {
                return Phrase.phi(Surrogates.capitalise(s.text()), category, s.origin());
            }

            private Phrase two(Surrogate a, Surrogate b, GoldCategory category, boolean cap) {
                String text = a.text() + " " + b.text();
                return Phrase.phi(cap ? Surrogates.capitalise(text) : cased(text), category, worse(a.origin(), b.origin()));
            }

            private Origin worse(Origin a, Origin b) {
                return a == Origin.HELD_OUT ? b : a;
            }

            private Phrase patientName() {
                return switch (r.nextInt(lower ? 12 : 8)) {
                    case 0, 1 -> name(first, PATIENT_NAME);
                    case 2, 3 -> name(last, PATIENT_NAME);
                    case 4 -> Phrase.plain(lower ? any(new String[] {"mr ", "ms ", "mrs. ", "Mr. "}) : "Mr. ").then(name(last, PATIENT_NAME));
                    case 5 -> two(first, last, PATIENT_NAME, false);
                    case 6 -> Phrase.phi(Surrogates.upper(first.text().substring(0, 1)) + ". " + cased(last.text()),
                            PATIENT_NAME, last.origin());
                    case 7 -> initials();
                    case 8, 9 -> name(nickname, PATIENT_NAME);
                    default -> name(misspelledLast, PATIENT_NAME);
                };
            }

            /** "J.M.", unless the two letters spell a clinical abbreviation ("P.T.", "L.E."): then "J. Mockridge". */
            private Phrase initials() {
                String letters = first.text().substring(0, 1) + last.text().charAt(0);
                if (Surrogates.CLINICAL_SHORT.contains(letters)) {
                    return Phrase.phi(Surrogates.upper(letters.substring(0, 1)) + ". " + cased(last.text()), PATIENT_NAME,
                            last.origin());
                }
                return Phrase.phi(Surrogates.upper(letters.charAt(0) + "." + letters.charAt(1) + "."), PATIENT_NAME,
                        last.origin());
            }

            private Phrase clinicianWithTitle(Person p) {
                String title = lower ? any(new String[] {"dr ", "dr. ", "Dr. ", "dr ", "DR "}) : "Dr. ";
                return Phrase.plain(title).then(r.nextInt(5) == 0 ? two(p.first(), p.last(), CLINICIAN_NAME, !lower)
                        : name(p.last(), CLINICIAN_NAME));
            }

            private Phrase date(boolean withYear) {
                LocalDate d = day.plusDays(r.nextInt(21) - 10);
                int m = d.getMonthValue();
                int dd = d.getDayOfMonth();
                String month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
                String mon = d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
                String yy = String.format("%02d", d.getYear() % 100);
                if (withYear) {
                    String text = switch (r.nextInt(7)) {
                        case 0, 1 -> m + "/" + dd + "/" + d.getYear();
                        case 2 -> String.format("%02d/%02d/%d", m, dd, d.getYear());
                        case 3 -> m + "/" + dd + "/" + yy;
                        case 4 -> d.toString();
                        case 5 -> month + " " + dd + ", " + d.getYear();
                        default -> dd + "-" + mon + "-" + d.getYear();
                    };
                    return Phrase.phi(text, DATE, Origin.PATTERN);
                }
                return switch (r.nextInt(lower ? 14 : 10)) {
                    case 0, 1 -> Phrase.phi(m + "/" + dd, DATE, Origin.PATTERN);
                    case 2 -> Phrase.phi(String.format("%02d/%02d", m, dd), DATE, Origin.PATTERN);
                    case 3 -> Phrase.phi(m + "/" + dd + "/" + yy, DATE, Origin.PATTERN);
                    case 4 -> Phrase.phi(String.format("%02d-%02d", m, dd), DATE, Origin.PATTERN);
                    case 5 -> Phrase.plain("the ").then(ordinal(dd), DATE, Origin.PATTERN);
                    case 6 -> Phrase.phi((lower ? mon.toLowerCase(Locale.ROOT) : mon) + (r.nextBoolean() ? ". " : " ") + dd,
                            DATE, Origin.PATTERN);
                    case 7 -> Phrase.phi(month + " " + ordinal(dd), DATE, Origin.PATTERN);
                    case 8 -> Phrase.phi(dd + "-" + mon, DATE, Origin.PATTERN);
                    case 9 -> Phrase.phi(month + " " + dd, DATE, Origin.PATTERN);
                    case 10 -> Phrase.phi(m + "-" + dd, DATE, Origin.PATTERN);
                    case 11 -> Phrase.phi(m + "/" + dd + "/" + d.getYear(), DATE, Origin.PATTERN);
                    case 12 -> Phrase.phi(month.toLowerCase(Locale.ROOT) + " " + dd, DATE, Origin.PATTERN);
                    default -> Phrase.phi(String.format("%d/%02d", m, dd), DATE, Origin.PATTERN);
                };
            }

            private Phrase fullDate(LocalDate d) {
                String text = switch (r.nextInt(4)) {
                    case 0 -> d.getMonthValue() + "/" + d.getDayOfMonth() + "/" + d.getYear();
                    case 1 -> String.format("%02d/%02d/%d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
                    case 2 -> d.toString();
                    default -> d.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " " + d.getDayOfMonth() + ", "
                            + d.getYear();
                };
                return Phrase.phi(text, DATE, Origin.PATTERN);
            }

            private String ordinal(int dd) {
                String suffix = (dd % 100 >= 11 && dd % 100 <= 13) ? "th"
                        : switch (dd % 10) {
                            case 1 -> "st";
                            case 2 -> "nd";
                            case 3 -> "rd";
                            default -> "th";
                        };
                return dd + suffix;
            }

            /** A month and year in the past, e.g. "8/87", "3/2019", "March 2019", "nov '15". */
            private Phrase pastMonth() {
                LocalDate d = day.minusMonths(2 + r.nextInt(300));
                int m = d.getMonthValue();
                String month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
                String yy = String.format("%02d", d.getYear() % 100);
                String text = switch (r.nextInt(5)) {
                    case 0 -> m + "/" + yy;
                    case 1 -> m + "/" + d.getYear();
                    case 2 -> month + " " + d.getYear();
                    case 3 -> d.getMonth().getDisplayName(TextStyle.SHORT, Locale.US).toLowerCase(Locale.ROOT) + " '" + yy;
                    default -> String.format("%02d/%d", m, d.getYear());
                };
                return Phrase.phi(text, DATE, Origin.PATTERN);
            }

            private Phrase phoneNumber() {
                int area = 201 + r.nextInt(780);
                int exchange = r.nextInt(3) == 0 ? 555 : 200 + r.nextInt(799);
                String line4 = String.format("%04d", r.nextInt(10_000));
                if (chance(15)) {
                    String own = phone;
                    return Phrase.phi(own, PHONE, Origin.PATTERN);
                }
                return switch (r.nextInt(9)) {
                    case 0, 1 -> Phrase.phi(area + "-" + exchange + "-" + line4, PHONE, Origin.PATTERN);
                    case 2 -> Phrase.phi(exchange + "-" + line4, PHONE, Origin.PATTERN);
                    case 3 -> Phrase.phi("(" + area + ")" + exchange + " " + line4, PHONE, Origin.PATTERN);
                    case 4 -> Phrase.phi("(" + area + ") " + exchange + "-" + line4, PHONE, Origin.PATTERN);
                    case 5 -> Phrase.phi(area + "." + exchange + "." + line4, PHONE, Origin.PATTERN);
                    case 6 -> Phrase.phi(area + "" + exchange + line4, PHONE, Origin.PATTERN);
                    case 7 -> Phrase.phi(area + "-" + exchange + "-" + line4, PHONE, Origin.PATTERN).then(" ext. ")
                            .then(String.valueOf(10 + r.nextInt(990)), PHONE, Origin.PATTERN);
                    default -> Phrase.phi(area + " " + exchange + " " + line4, PHONE, Origin.PATTERN);
                };
            }

            private Phrase shortPhone() {
                String digits = String.valueOf(1000 + r.nextInt(9000));
                return switch (r.nextInt(5)) {
                    case 0 -> Phrase.plain("x").then(digits, PHONE, Origin.PATTERN);
                    case 1 -> Phrase.plain("pager ").then(digits, PHONE, Origin.PATTERN);
                    case 2 -> Phrase.plain("ext. ").then(String.valueOf(10 + r.nextInt(90)), PHONE, Origin.PATTERN);
                    case 3 -> Phrase.plain("pgr #").then(digits, PHONE, Origin.PATTERN);
                    default -> Phrase.plain("beeper ").then(digits, PHONE, Origin.PATTERN);
                };
            }

            private Phrase ageOver89(int years) {
                String digits = String.valueOf(years);
                String words = ageWords(years);
                return switch (r.nextInt(9)) {
                    case 0 -> Phrase.phi(digits, AGE, Origin.PATTERN).then(" yo");
                    case 1 -> Phrase.phi(digits, AGE, Origin.PATTERN).then(" y/o");
                    case 2 -> Phrase.phi(digits, AGE, Origin.PATTERN).then("yo");
                    case 3 -> Phrase.phi(digits, AGE, Origin.PATTERN).then(" year old");
                    case 4 -> Phrase.phi(words, AGE, Origin.PATTERN).then(" year old");
                    case 5 -> Phrase.phi(words, AGE, Origin.PATTERN).then("-year-old");
                    case 6 -> Phrase.plain("age ").then(digits, AGE, Origin.PATTERN);
                    case 7 -> Phrase.plain("aged ").then(digits, AGE, Origin.PATTERN);
                    default -> Phrase.phi(digits, AGE, Origin.PATTERN).then(" yr old");
                };
            }

            private String ageWords(int years) {
                String text;
                if (years < 100) {
                    text = "ninety" + (years % 10 == 0 ? "" : "-" + ONES[years % 10]);
                } else {
                    text = "one hundred" + (years == 100 ? "" : (r.nextBoolean() ? " and " : " ") + ONES[years - 100]);
                }
                return text;
            }

            private Phrase patientAge() {
                if (age > 89) {
                    return chance(75) ? Phrase.phi(String.valueOf(age), AGE, Origin.PATTERN)
                            : Phrase.phi(ageWords(age), AGE, Origin.PATTERN);
                }
                return Phrase.plain(String.valueOf(age));
            }

            /** A Medicare Beneficiary Identifier shape: 1EG4-TE5-MK72. */
            private String medicareId() {
                String letters = "ACDEFGHJKMNPQRTUVWXY";
                StringBuilder id = new StringBuilder().append(1 + r.nextInt(9));
                for (int i = 1; i < 11; i++) {
                    boolean letter = i == 1 || i == 4 || i == 7 || i == 8 || (i != 3 && i != 6 && i != 9 && i != 10
                            && r.nextBoolean());
                    id.append(letter ? letters.charAt(r.nextInt(letters.length())) : (char) ('0' + r.nextInt(10)));
                    if (i == 3 || i == 6) {
                        id.append('-');
                    }
                }
                return id.toString();
            }

            private Phrase hospitalName(Facility f) {
                String name = lower && chance(50) ? f.name().toLowerCase(Locale.ROOT) : f.name();
                return Phrase.phi(name, LOCATION, f.origin());
            }

            private Phrase abbreviation(Facility f) {
                String abbr = lower && chance(40) ? f.abbreviation().toLowerCase(Locale.ROOT) : f.abbreviation();
                return Phrase.phi(abbr, LOCATION, f.origin());
            }

            private Phrase identifier() {
                return switch (r.nextInt(6)) {
                    case 0, 1, 2 -> Phrase.phi(mrn, ID, Origin.PATTERN);
                    case 3 -> Phrase.phi(String.format("%07d", r.nextInt(10_000_000)), ID, Origin.PATTERN);
                    case 4 -> Phrase.phi(String.format("%03d-%02d-%02d", r.nextInt(1000), r.nextInt(100), r.nextInt(100)),
                            ID, Origin.PATTERN);
                    default -> Phrase.phi("MR" + String.format("%06d", r.nextInt(1_000_000)), ID, Origin.PATTERN);
                };
            }

            private Phrase address() {
                if (chance(70)) {
                    return Phrase.phi(lower && chance(50) ? street.toLowerCase(Locale.ROOT) : street, ADDRESS, streetBase.origin());
                }
                Surrogate base = surrogates.placeBase(r);
                String text = (1 + r.nextInt(9_899)) + " " + Surrogates.capitalise(base.text()) + " " + pick(STREET_TYPES)
                        + (chance(30) ? " Apt " + (1 + r.nextInt(40)) + (char) ('A' + r.nextInt(6)) : "");
                return Phrase.phi(lower && chance(50) ? text.toLowerCase(Locale.ROOT) : text, ADDRESS, base.origin());
            }

            private Phrase townName() {
                if (chance(60)) {
                    return name(town, LOCATION);
                }
                return name(surrogates.town(r), LOCATION);
            }

            private Relative rel;

            private Relative relative() {
                if (rel == null || chance(30)) {
                    rel = relatives[r.nextInt(relatives.length)];
                }
                return rel;
            }

            private Phrase resolve(String key) {
                if (phiFree && !NON_PHI_KEYS.contains(key)) {
                    throw new IllegalStateException("identifier placeholder {" + key + "} in a note meant to be free of them");
                }
                return switch (key) {
                    case "pt" -> patientName();
                    case "ptPossessive" -> chance(50) ? Phrase.plain("pt's") : patientName().then("'s");
                    case "ptFirst" -> name(chance(25) ? nickname : first, PATIENT_NAME);
                    case "ptLastCap" -> capName(last, PATIENT_NAME);
                    case "ptTitle" -> Phrase.plain(female ? any(new String[] {"Ms. ", "Mrs. "}) : "Mr. ")
                            .then(capName(chance(15) ? misspelledLast : last, PATIENT_NAME));
                    case "ptFull" -> two(first, last, PATIENT_NAME, true);
                    case "ptHeader" -> switch (r.nextInt(3)) {
                        case 0 -> Phrase.phi(Surrogates.upper(last.text() + ", " + first.text()), PATIENT_NAME, last.origin());
                        case 1 -> Phrase.phi(Surrogates.capitalise(last.text()) + ", " + Surrogates.capitalise(first.text()) + " "
                                + Surrogates.upper(middle.text().substring(0, 1)) + ".", PATIENT_NAME, last.origin());
                        default -> two(first, last, PATIENT_NAME, true);
                    };
                    case "ptEmail" -> Phrase.phi(email, CONTACT, Origin.PATTERN);
                    case "dr" -> clinicianWithTitle(clinicians[r.nextInt(2)]);
                    case "drTwo" -> clinicianWithTitle(clinicians[2]);
                    case "drLast" -> name(clinicians[r.nextInt(3)].last(), CLINICIAN_NAME);
                    case "drTwoLast" -> capName(clinicians[3].last(), CLINICIAN_NAME);
                    case "drFull" -> two(clinicians[0].first(), clinicians[0].last(), CLINICIAN_NAME, true);
                    case "drTwoFull" -> two(clinicians[1].first(), clinicians[1].last(), CLINICIAN_NAME, true);
                    case "drSign" -> Phrase.phi(Surrogates.upper(clinicians[0].first().text().substring(0, 1)) + ". "
                            + Surrogates.capitalise(clinicians[0].last().text()), CLINICIAN_NAME, clinicians[0].last().origin());
                    case "npLast" -> name(clinicians[3].last(), CLINICIAN_NAME);
                    case "npFirstCap" -> capName(clinicians[3].first(), CLINICIAN_NAME);
                    case "npLastCap" -> capName(clinicians[3].last(), CLINICIAN_NAME);
                    case "npFullCap" -> two(clinicians[3].first(), clinicians[3].last(), CLINICIAN_NAME, true);
                    case "rnFirst" -> name(nurses[r.nextInt(2)].first(), CLINICIAN_NAME);
                    case "rnLast" -> name(nurses[0].last(), CLINICIAN_NAME);
                    case "swFirst" -> name(nurses[2].first(), CLINICIAN_NAME);
                    case "rel" -> {
                        Relative x = relative();
                        yield Phrase.plain(x.role() + " ").then(name(x.first(), OTHER_NAME));
                    }
                    case "relRole" -> Phrase.plain(relative().role());
                    case "relName" -> name(relative().first(), OTHER_NAME);
                    case "relNameCap" -> capName(relative().first(), OTHER_NAME);
                    case "relLastCap" -> capName(relative().last(), OTHER_NAME);
                    case "relFull" -> two(relative().first(), relative().last(), OTHER_NAME, false);
                    case "relFullCap" -> two(relative().first(), relative().last(), OTHER_NAME, true);
                    case "date" -> date(false);
                    case "dateFull" -> date(true);
                    case "dateRange" -> {
                        LocalDate from = day.minusDays(r.nextInt(8));
                        LocalDate to = from.plusDays(3 + r.nextInt(8));
                        yield Phrase.phi(from.getMonthValue() + "/" + from.getDayOfMonth(), DATE, Origin.PATTERN)
                                .then(any(new String[] {"-", " - ", " to "}))
                                .then(to.getMonthValue() + "/" + to.getDayOfMonth(), DATE, Origin.PATTERN);
                    }
                    case "datePast" -> pastMonth();
                    case "admitDate" -> fullDate(admitted);
                    case "dischargeDate" -> fullDate(admitted.plusDays(4 + r.nextInt(10)));
                    case "dob" -> Phrase.phi(birthDate.getMonthValue() + "/" + birthDate.getDayOfMonth() + "/"
                            + birthDate.getYear(), DATE, Origin.PATTERN);
                    case "hosp" -> hospitalName(chance(50) ? transferFrom : homeHospital);
                    case "hospAbbr" -> chance(75) ? abbreviation(transferFrom) : hospitalName(transferFrom);
                    case "clinic" -> hospitalName(clinic);
                    case "facility" -> hospitalName(facility);
                    case "rehab" -> hospitalName(rehab);
                    case "town" -> townName();
                    case "address" -> address();
                    case "cityLine" -> name(town, LOCATION).then(", " + state + " ").then(zip, ADDRESS, Origin.PATTERN);
                    case "phone" -> phoneNumber();
                    case "phoneShort" -> shortPhone();
                    case "pager" -> Phrase.phi(String.valueOf(1000 + r.nextInt(9000)), PHONE, Origin.PATTERN);
                    case "pagerSpoken" -> Phrase.plain("pager ").then(String.valueOf(1000 + r.nextInt(9000)), PHONE,
                            Origin.PATTERN);
                    case "age" -> patientAge();
                    case "age90" -> ageOver89(90 + r.nextInt(14));
                    case "age90Words" -> Phrase.phi(ageWords(90 + r.nextInt(14)), AGE, Origin.PATTERN);
                    case "mrn" -> identifier();
                    case "ssn" -> Phrase.phi(String.format("%03d-%02d-%04d", 100 + r.nextInt(800), 1 + r.nextInt(99),
                            1 + r.nextInt(9999)), ID, Origin.PATTERN);
                    case "medicare" -> Phrase.phi(medicareId(), ID, Origin.PATTERN);
                    case "memberId" -> Phrase.phi((char) ('A' + r.nextInt(26)) + "" + (char) ('A' + r.nextInt(26))
                            + (char) ('A' + r.nextInt(26)) + String.format("%09d", r.nextInt(1_000_000_000)), ID,
                            Origin.PATTERN);
                    case "acct" -> Phrase.phi(String.format("%08d", r.nextInt(100_000_000)), ID, Origin.PATTERN);
                    case "accession" -> Phrase.phi((chance(50) ? "RAD" : "") + (10_000_000 + r.nextInt(89_999_999)), ID,
                            Origin.PATTERN);
                    case "email" -> {
                        Relative x = relative();
                        yield Phrase.phi(x.first().text() + (chance(50) ? "." : "_") + x.last().text() + "@"
                                + pick(MAIL_DOMAINS), CONTACT, Origin.PATTERN);
                    }
                    case "url" -> Phrase.phi(chance(50) ? "https://www.caringbridge.org/visit/" + first.text() + last.text()
                            : "www." + last.text() + "family.org", CONTACT, Origin.PATTERN);
                    // clinical, not identifiers
                    case "sex" -> Phrase.plain(female ? any(new String[] {"f", "F", "female"})
                            : any(new String[] {"m", "M", "male"}));
                    case "sexWord" -> Phrase.plain(female ? "woman" : "man");
                    case "ageOk" -> Phrase.plain(String.valueOf(Math.min(age, 89)));
                    case "time" -> Phrase.plain(any(new String[] {"0800", "14:30", "2130", "0415", "10:45", "1600", "3pm",
                        "7:15 am", "2200", "noon"}));
                    default -> throw new IllegalArgumentException("unknown placeholder {" + key + "}");
                };
            }
        }
    }

    /**
     * Every lower-case word of the generator's own clinical text (the static string arrays of this class). Surrogate
     * names are never one of these, so a word is never PHI in one note and clinical text in another by our own hand.
     */
    static java.util.Set<String> clinicalWords() {
        java.util.Set<String> words = new java.util.HashSet<>();
        for (java.lang.reflect.Field field : NoteGenerator.class.getDeclaredFields()) {
            if (field.getType() == String[].class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                try {
                    field.setAccessible(true);
                    for (String line : (String[]) field.get(null)) {
                        for (String word : line.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                            if (!word.isEmpty()) {
                                words.add(word);
                            }
                        }
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return words;
    }

    private static final java.util.Set<String> NON_PHI_KEYS = java.util.Set.of("sex", "sexWord", "ageOk", "time");
}
