package dev.burr.core.lifecycle;

/** Called once when an application is built. */
public interface PostApplicationCreateHook extends LifecycleHook {

	void postApplicationCreate(ApplicationCreated event);

}
