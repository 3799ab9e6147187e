package app.syncboard.notify;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Secrets;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The notification settings: targets listed, added, switched on and off, removed and tried; recent deliveries. */
@Controller
@RequestMapping("/settings/notifications")
class NotificationController {

    private static final String PAGE = "notify/notifications";
    private static final String BACK = "redirect:/settings/notifications";
    private static final int RECENT = 30;

    /** A target as the list shows it. */
    record Row(Target target, String jobName, String events, NotificationLog.Entry last) {}

    private final Targets targets;
    private final SyncJobs jobs;
    private final Secrets secrets;
    private final MailDelivery mail;
    private final Deliveries deliveries;
    private final Notices notices;
    private final NotificationLog journal;
    private final Clock clock;

    NotificationController(
            Targets targets,
            SyncJobs jobs,
            Secrets secrets,
            MailDelivery mail,
            Deliveries deliveries,
            Notices notices,
            NotificationLog journal,
            Clock clock) {
        this.targets = targets;
        this.jobs = jobs;
        this.secrets = secrets;
        this.mail = mail;
        this.deliveries = deliveries;
        this.notices = notices;
        this.journal = journal;
        this.clock = clock;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("form", TargetForm.empty());
        return render(model);
    }

    @PostMapping
    @Audited("notify-target.create")
    String add(
            @ModelAttribute("form") TargetForm form, BindingResult result, Model model, RedirectAttributes redirect) {
        form.check(result, secrets.available());
        if (form.jobId() != null
                && !result.hasFieldErrors("jobId")
                && jobs.findById(form.jobId()).isEmpty()) {
            result.rejectValue("jobId", "gone", "This job does not exist any more; choose another.");
        }
        if (result.hasErrors()) {
            // The secret field is never filled in (see the template): it is not sent back to the browser.
            model.addAttribute("secretDropped", form.hasSecret());
            return render(model);
        }
        Target saved = Audit.created(targets.save(Target.create(
                form.targetKind(),
                form.cleanAddress(),
                form.jobId(),
                form.alerts(),
                form.targetKind() == Target.Kind.WEBHOOK && form.hasSecret() ? secrets.encrypt(form.secret()) : null,
                clock.instant())));
        redirect.addFlashAttribute(
                "notice", "Added " + saved.address() + ". Press Send test to see that notices arrive there.");
        return BACK;
    }

    @PostMapping("/{id}/enable")
    @Audited("notify-target.enable")
    String enable(@PathVariable long id, RedirectAttributes redirect) {
        Target target = targets.save(find(id).withEnabled(true));
        redirect.addFlashAttribute("notice", "Notices go to " + target.address() + " again.");
        return BACK;
    }

    @PostMapping("/{id}/disable")
    @Audited("notify-target.disable")
    String disable(@PathVariable long id, RedirectAttributes redirect) {
        Target target = targets.save(find(id).withEnabled(false));
        redirect.addFlashAttribute("notice", "No notices go to " + target.address() + " until you enable it.");
        return BACK;
    }

    @PostMapping("/{id}/delete")
    @Audited("notify-target.delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Target target = find(id);
        targets.delete(Audit.deleted(target));
        redirect.addFlashAttribute("notice", "Removed " + target.address() + ".");
        return BACK;
    }

    @PostMapping("/{id}/test")
    @Audited("notify-target.test")
    String test(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        Target target = find(id);
        Deliveries.Result result = deliveries.deliver(notices.test(target, user.getName(), clock.instant()), target);
        redirect.addFlashAttribute(
                "notice",
                result.sent()
                        ? "Test notice sent to " + target.address() + " (" + result.detail() + ")."
                        : Audit.failed("The test notice to " + target.address() + " failed: " + result.detail()));
        return BACK;
    }

    private String render(Model model) {
        Map<Long, String> jobNames =
                jobs.findAll().stream().collect(Collectors.toMap(SyncJob::id, SyncJob::name, (a, b) -> a));
        Map<Long, NotificationLog.Entry> last = journal.lastByTarget();
        List<Row> rows = targets.findAllByOrderById().stream()
                .map(t -> new Row(
                        t,
                        t.jobId() == null ? null : jobNames.getOrDefault(t.jobId(), "#" + t.jobId()),
                        Alert.keys(t.alerts()),
                        last.get(t.id())))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("jobs", jobs.findAllByOrderByName());
        model.addAttribute("alerts", Alert.values());
        model.addAttribute("mailConfigured", mail.configured());
        model.addAttribute("secretsAvailable", secrets.available());
        model.addAttribute("recent", journal.recent(RECENT));
        model.addAttribute(
                "targetsById",
                rows.stream().map(Row::target).collect(Collectors.toMap(Target::id, Function.identity())));
        return PAGE;
    }

    private Target find(long id) {
        return targets.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
