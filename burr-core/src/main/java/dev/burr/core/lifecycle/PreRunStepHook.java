package dev.burr.core.lifecycle;

/** Called before each action runs, after its sequence id is assigned. */
public interface PreRunStepHook extends LifecycleHook {

	void preRunStep(StepStarted event);

}
