package io.quarkus.smallrye.openapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * Quarkus's OpenAPI document service, building each document when {@code /q/openapi} first asks for it rather than
 * while the application starts. Since Quarkus 3.31 the extension's recorder builds every document at start (0.1 to 0.3
 * s of the start's main thread, measured in docs/performance.md), though only a filter of stage {@code RUNTIME_STARTUP}
 * needs that, and Quire has no OpenAPI filter at all; quarkusio/quarkus#55538 builds them lazily again in that case, in
 * a release this build cannot use yet (docs/performance.md, First response). Delete this class on a Quarkus with that
 * change.
 * <p>
 * It sits in the extension's package because the recorder calls {@code prepareDocument}, which is package-private, so
 * the override only takes effect where this class and the extension's share a class loader: in the packaged
 * application, whose jars are all on the JVM's class path. Tests under {@code @QuarkusTest} and dev mode load the
 * application apart from its dependencies, where the extension's own method would run on this bean without its
 * configuration and fail the start; so the bean exists only in a build under the prod build profile, which is what
 * {@code ./mvnw package} makes whichever profile the jar then runs. Unremovable: the recorder and the handler look the
 * service up by type, which no injection point shows the container.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable
@IfBuildProfile("prod")
public class LazyOpenApiDocumentService extends OpenApiDocumentService {

    private final List<Runnable> pending = new ArrayList<>();
    private volatile boolean prepared = true;

    @Override
    synchronized void prepareDocument(AutoSecurityFilter autoSecurityFilter,
            Map<OpenApiFilter.RunStage, List<String>> filters, String documentName) {
        pending.add(() -> super.prepareDocument(autoSecurityFilter, filters, documentName));
        prepared = false;
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        if (!prepared) {
            prepare();
        }
        return super.getDocument(documentName, format);
    }

    private synchronized void prepare() {
        pending.forEach(Runnable::run);
        pending.clear();
        prepared = true;
    }
}
