package app.syncboard.jobs;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
@RequestMapping("/jobs")
class JobController {

    private static final String FORM = "jobs/job-form";
    private static final int PREVIEW_COUNT = 5;

    private final SyncJobs jobs;
    private final Pairs pairs;
    private final JobCatalog catalog;
    private final Clock clock;

    JobController(SyncJobs jobs, Pairs pairs, JobCatalog catalog, Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The form page, with the pairs to choose from (not a model attribute: the schedule preview needs none). */
    private String form(Model model) {
        return form(model, pairs.findAllByOrderByName());
    }

    private static String form(Model model, List<Pair> all) {
        model.addAttribute("pairs", all);
        model.addAttribute("acceptedArguments", RsyncArguments.accepted());
        return FORM;
    }

    @GetMapping("/new")
    String newJob(Model model) {
        List<Pair> all = pairs.findAllByOrderByName();
        model.addAttribute("form", JobForm.empty(all.size() == 1 ? all.get(0).id() : null, CronSchedule.systemZone()));
        return form(model, all);
    }

    @PostMapping("/new")
    @Audited("job.create")
    String create(
            @Valid @ModelAttribute("form") JobForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        check(form, result, null);
        if (result.hasErrors()) {
            return form(model);
        }
        SyncJob saved = Audit.created(catalog.create(form.toDefinition()));
        redirect.addFlashAttribute("notice", "Job \"" + saved.name() + "\" created.");
        return "redirect:/jobs/" + saved.id();
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        SyncJob job = find(id);
        model.addAttribute("job", job);
        model.addAttribute("form", JobForm.of(job));
        return form(model);
    }

    @PostMapping("/{id}/edit")
    @Audited("job.update")
    String update(
            @PathVariable long id,
            @Valid @ModelAttribute("form") JobForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        SyncJob job = find(id);
        check(form, result, job);
        if (result.hasErrors()) {
            model.addAttribute("job", job);
            return form(model);
        }
        Audit.changes(job, catalog.update(job, form.toDefinition()));
        redirect.addFlashAttribute("notice", "Job \"" + form.name().strip() + "\" saved.");
        return "redirect:/jobs/" + id;
    }

    /** The next fire times of a schedule as typed, or why it is not valid; refreshed by htmx while typing. */
    @GetMapping("/schedule-preview")
    String schedulePreview(@RequestParam String schedule, @RequestParam String timeZone, Model model) {
        try {
            CronSchedule parsed = CronSchedule.parse(schedule, timeZone);
            model.addAttribute("previewTimes", parsed.nextFireTimes(clock.instant(), PREVIEW_COUNT));
            model.addAttribute("previewZone", parsed.zone().getId());
        } catch (CronSchedule.InvalidSchedule e) {
            model.addAttribute("previewError", e.getMessage());
        }
        return "jobs/job-form :: preview";
    }

    private void check(JobForm form, BindingResult result, SyncJob current) {
        form.check(result, clock);
        if (form.pairId() != null && !pairs.existsById(form.pairId())) {
            result.rejectValue("pairId", "unknown", "Choose one of the listed pairs.");
        }
        if (form.name() != null && !result.hasFieldErrors("name")) {
            jobs.findByName(form.name().strip())
                    .filter(other -> current == null || !other.id().equals(current.id()))
                    .ifPresent(other -> result.rejectValue("name", "taken", "A job with this name exists already."));
        }
    }

    private SyncJob find(long id) {
        return jobs.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
