package dev.tally.api.error;

import dev.tally.auth.WorkspaceMismatchException;
import jakarta.inject.Singleton;

/** A request naming a workspace other than its key's: 403 in the surface's format. */
@Singleton
final class WorkspaceMismatchHandler extends SurfaceExceptionHandler<WorkspaceMismatchException> {
    WorkspaceMismatchHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(WorkspaceMismatchException exception) {
        return new ApiError(ErrorCode.FORBIDDEN, exception.getMessage());
    }
}
