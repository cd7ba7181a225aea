package dev.burr.core.lifecycle;

/** Called after each action ran and its step was saved (or failed to save), with the outcome. */
public interface PostRunStepHook extends LifecycleHook {

	void postRunStep(StepFinished event);

}
