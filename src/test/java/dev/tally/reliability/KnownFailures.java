package dev.tally.reliability;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * 5xx answers (and shape or leak findings) the fuzzer finds that belong to work in progress elsewhere
 * (issue 11), each named with its owner and defect. The short-mode test tolerates exactly these; the lead empties this list after merging
 * the other branches. Nothing else may be added here to make the suite pass.
 */
final class KnownFailures {
    /** One known finding: which requests, and (for shape findings) which problem text, it covers. */
    record Known(String name, BiPredicate<Fuzzer.Request, String> matches) {
    }

    static final List<Known> ALL = List.of();

    /**
     * 11a, defect 11: a link stored with a lone surrogate in a text field stops LinkService from being built
     * on the next start, which would break every later test on the shared test data directory. Until that
     * fix is merged the fuzzer does not send lone surrogates to link writes; the lead sets this to false.
     */
    static final boolean HOLD_BACK_LONE_SURROGATES_IN_LINK_WRITES = false;

    private KnownFailures() {
    }

    // A body that really is what its Content-Encoding says is not covered: a 500 for it is a finding.
    private static boolean isGzip(Fuzzer.Request request) {
        byte[] body = request.body();
        return "gzip".equals(request.headers().get("Content-Encoding")) && body.length > 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b;
    }

    static Optional<String> match(Fuzzer.Request request, String problem) {
        return ALL.stream().filter(known -> known.matches().test(request, problem)).map(Known::name).findFirst();
    }
}
