package dev.authgate.e2e;

import cn.authing.sdk.java.client.ManagementClient;
import cn.authing.sdk.java.dto.CreateRoleDto;
import cn.authing.sdk.java.dto.CreateUserReqDto;
import cn.authing.sdk.java.dto.DeleteRoleDto;
import cn.authing.sdk.java.dto.DeleteUsersBatchDto;
import cn.authing.sdk.java.dto.GetUserDto;
import cn.authing.sdk.java.dto.IsSuccessRespDto;
import cn.authing.sdk.java.dto.ListRolesDto;
import cn.authing.sdk.java.dto.ListUsersDto;
import cn.authing.sdk.java.dto.ListUsersOptionsDto;
import cn.authing.sdk.java.dto.ListUsersRequestDto;
import cn.authing.sdk.java.dto.PaginationDto;
import cn.authing.sdk.java.dto.RoleDto;
import cn.authing.sdk.java.dto.RolePaginatedRespDto;
import cn.authing.sdk.java.dto.RoleSingleRespDto;
import cn.authing.sdk.java.dto.UpdateRoleDto;
import cn.authing.sdk.java.dto.UpdateUserReqDto;
import cn.authing.sdk.java.dto.UserDto;
import cn.authing.sdk.java.dto.UserPaginatedRespDto;
import cn.authing.sdk.java.dto.UserSingleRespDto;
import cn.authing.sdk.java.model.ManagementClientOptions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ManagementClient: since 3.1.4 every call carries `authorization: <management token>` with
 * no `Bearer ` prefix, plus `x-authing-userpool-id`.
 */
class ManagementTest {
    private static final ManagementClient MGMT = Env.mgmt();

    private static UserDto findUser(List<UserDto> list, String userId) {
        return list.stream().filter(u -> userId.equals(u.getUserId())).findFirst().orElse(null);
    }

    @Test
    void usersAreCreatedListedUpdatedAndDeleted() {
        String t = Env.tag();
        CreateUserReqDto c = new CreateUserReqDto();
        c.setUsername("m_" + t);
        c.setEmail(t + "@example.com");
        c.setNickname("before " + t);
        c.setPassword(Env.PASSWORD);
        UserSingleRespDto created = MGMT.createUser(c);
        assertNotNull(created, "createUser answered something the SDK could not read");
        assertEquals(200, created.getStatusCode(), created.getMessage());
        String id = created.getData().getUserId();
        assertEquals(c.getUsername(), created.getData().getUsername());

        // The same username again: an envelope error, no exception.
        UserSingleRespDto duplicate = MGMT.createUser(c);
        assertEquals(409, duplicate.getStatusCode(), duplicate.getMessage());

        // listUsers (POST, options.pagination) and listUsersLegacy (GET, page/limit).
        ListUsersRequestDto list = new ListUsersRequestDto();
        ListUsersOptionsDto options = new ListUsersOptionsDto();
        PaginationDto page = new PaginationDto();
        page.setPage(1);
        page.setLimit(50);
        options.setPagination(page);
        list.setOptions(options);
        list.setKeywords(c.getUsername());
        UserPaginatedRespDto listed = MGMT.listUsers(list);
        assertNotNull(listed, "listUsers answered something the SDK could not read");
        assertEquals(200, listed.getStatusCode(), listed.getMessage());
        assertNotNull(findUser(listed.getData().getList(), id), "the new user is listed");
        ListUsersDto legacy = new ListUsersDto();
        legacy.setPage(1);
        legacy.setLimit(50);
        UserPaginatedRespDto legacyListed = MGMT.listUsersLegacy(legacy);
        assertEquals(200, legacyListed.getStatusCode(), legacyListed.getMessage());
        assertTrue(legacyListed.getData().getTotalCount() >= 1);

        UpdateUserReqDto update = new UpdateUserReqDto();
        update.setUserId(id);
        update.setNickname("after " + t);
        UserSingleRespDto updated = MGMT.updateUser(update);
        assertEquals(200, updated.getStatusCode(), updated.getMessage());
        assertEquals("after " + t, updated.getData().getNickname());
        GetUserDto get = new GetUserDto();
        get.setUserId(id);
        UserSingleRespDto fetched = MGMT.getUser(get);
        assertEquals(200, fetched.getStatusCode(), fetched.getMessage());
        assertEquals("after " + t, fetched.getData().getNickname());
        assertEquals(c.getEmail(), fetched.getData().getEmail());

        DeleteUsersBatchDto delete = new DeleteUsersBatchDto();
        delete.setUserIds(List.of(id));
        IsSuccessRespDto deleted = MGMT.deleteUsersBatch(delete);
        assertEquals(200, deleted.getStatusCode(), deleted.getMessage());
        UserSingleRespDto gone = MGMT.getUser(get);
        assertEquals(404, gone.getStatusCode(), gone.getMessage());
    }

    @Test
    void rolesAreCreatedListedUpdatedAndDeleted() {
        String code = "role_" + Env.tag();
        CreateRoleDto c = new CreateRoleDto();
        c.setCode(code);
        c.setName("Java role");
        c.setDescription("made by the Java SDK");
        RoleSingleRespDto created = MGMT.createRole(c);
        assertNotNull(created, "createRole answered something the SDK could not read");
        assertEquals(200, created.getStatusCode(), created.getMessage());
        assertEquals(code, created.getData().getCode());
        assertEquals("default", created.getData().getNamespace());
        assertEquals(409, MGMT.createRole(c).getStatusCode(), "the same code twice");

        ListRolesDto list = new ListRolesDto();
        list.setPage(1);
        list.setLimit(50);
        list.setKeywords(code);
        RolePaginatedRespDto listed = MGMT.listRoles(list);
        assertNotNull(listed, "listRoles answered something the SDK could not read");
        assertEquals(200, listed.getStatusCode(), listed.getMessage());
        List<RoleDto> roles = listed.getData().getList();
        assertEquals(1, roles.size(), "keywords filter: " + roles);
        assertEquals("made by the Java SDK", roles.get(0).getDescription());

        String renamed = code + "_v2";
        UpdateRoleDto update = new UpdateRoleDto();
        update.setCode(code);
        update.setNewCode(renamed);
        update.setName("Java role v2");
        update.setDescription("updated by the Java SDK");
        IsSuccessRespDto updated = MGMT.updateRole(update);
        assertEquals(200, updated.getStatusCode(), updated.getMessage());
        list.setKeywords(renamed);
        RoleDto after = MGMT.listRoles(list).getData().getList().get(0);
        assertEquals(renamed, after.getCode());
        assertEquals("updated by the Java SDK", after.getDescription());

        DeleteRoleDto delete = new DeleteRoleDto();
        delete.setCodeList(List.of(renamed));
        IsSuccessRespDto deleted = MGMT.deleteRolesBatch(delete);
        assertEquals(200, deleted.getStatusCode(), deleted.getMessage());
        list.setKeywords(code);
        assertTrue(MGMT.listRoles(list).getData().getList().isEmpty(), "both codes are gone");
    }

    @Test
    void wrongCredentialsAndTokensAreRefused() throws Exception {
        ManagementClientOptions o = new ManagementClientOptions();
        o.setAccessKeyId(Env.AK);
        o.setAccessKeySecret(Env.SK + "x");
        o.setHost(Env.URL);
        ManagementClient wrong = new ManagementClient(o);
        // The SDK's token provider throws when get-management-token answers an error envelope.
        RuntimeException e = assertThrows(RuntimeException.class, () -> wrong.listRoles(new ListRolesDto()));
        assertFalse(e.getMessage() == null || e.getMessage().isEmpty());

        // The Java wire with a token that is not ours: a 401 envelope, HTTP 200.
        JsonNode refused = Env.post("/api/v3/create-role", Map.of("code", "never_" + Env.tag()),
                "not-a-management-token");
        assertEquals(401, refused.path("statusCode").asInt(), refused.toString());
        assertNotEquals(0, refused.path("apiCode").asInt(), refused.toString());
    }
}
